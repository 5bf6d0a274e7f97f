import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StanceError } from '../errors.js';
import { packageRoot } from '../paths.js';
import type { RuleMeta } from '../types.js';
import { sourceHash } from './sources.js';

/** policies/bundle/manifest.json, written by scripts/policy-build.mjs. */
export interface BundleManifest {
  format: number;
  /** The first 16 hex digits of the SHA-256 of policy.wasm. */
  version: string;
  /** sourceHash() of the Rego sources the bundle was built from. */
  sourceHash: string;
  opaVersion: string;
  /** Resource type → the entrypoint returning the verdicts of all its rules. */
  entrypoints: Record<string, string>;
  batchEntrypoints: Record<string, string>;
  ruleEntrypoints: Record<string, string>;
  rules: RuleMeta[];
}

export interface LoadedBundle {
  dir: string;
  wasm: Buffer;
  manifest: BundleManifest;
}

/** A missing, corrupt or stale policy bundle: a runtime error (exit 4). */
export class BundleError extends StanceError {
  constructor(message: string) {
    super(message, 4);
  }
}

export const defaultBundleDir = () => join(packageRoot(), 'policies', 'bundle');

/**
 * Loads policy.wasm and its manifest. For the package's own bundle, the Rego sources beside it
 * must hash to the manifest's sourceHash, so an edited rule never runs against an old bundle.
 */
export function loadBundle(dir?: string): LoadedBundle {
  const bundleDir = dir ?? defaultBundleDir();
  const wasmPath = join(bundleDir, 'policy.wasm');
  const manifestPath = join(bundleDir, 'manifest.json');
  if (!existsSync(wasmPath) || !existsSync(manifestPath)) {
    throw new BundleError(`policy bundle not found in ${bundleDir}: run npm run policy:build`);
  }
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BundleManifest;
  } catch (error) {
    throw new BundleError(
      `policy bundle manifest ${manifestPath} is not valid JSON (${(error as Error).message})`,
    );
  }
  if (manifest.format !== 1 || !Array.isArray(manifest.rules) || typeof manifest.entrypoints !== 'object') {
    throw new BundleError(
      `policy bundle manifest ${manifestPath} has an unknown format: rebuild it with npm run policy:build`,
    );
  }
  const wasm = readFileSync(wasmPath);
  if (wasm.subarray(0, 4).toString('latin1') !== '\0asm')
    throw new BundleError(`${wasmPath} is not a WebAssembly module`);
  if (dir === undefined) assertBundleFresh(manifest, join(packageRoot(), 'policies'));
  return { dir: bundleDir, wasm, manifest };
}

/** Throws when the Rego sources in policiesDir no longer match the ones the bundle was built from. */
export function assertBundleFresh(manifest: BundleManifest, policiesDir: string): void {
  if (existsSync(policiesDir) && sourceHash(policiesDir) !== manifest.sourceHash) {
    throw new BundleError(
      `policy bundle is stale: the Rego sources in ${policiesDir} changed since it was built; run npm run policy:build`,
    );
  }
}
