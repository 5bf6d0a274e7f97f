import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError, StanceError } from '../errors.js';
import { packageRoot } from '../paths.js';
import type { RuleMeta } from '../types.js';
import { sourceHash } from './sources.js';

/** policies/bundle/manifest.json, written by src/policy/build.ts (npm run policy:build, stance policy build). */
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
  /**
   * When user bundles are loaded beside the built-in one: every bundle, each evaluated by its own
   * wasm module. `manifest` then lists the rules of all of them and a version naming all of them.
   */
  parts?: readonly LoadedBundle[];
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

const buildHint = (policiesDir: string) => `run stance policy build --policies ${policiesDir}`;

/**
 * A user's bundle, built by `stance policy build --policies DIR` into DIR/bundle. Missing, corrupt
 * or older than the Rego beside it, it is an InputError (exit 2): the user's rules are input.
 */
export function loadUserBundle(policiesDir: string): LoadedBundle {
  if (!existsSync(policiesDir)) throw new InputError(`--policies ${policiesDir}: no such directory`);
  let bundle: LoadedBundle;
  try {
    bundle = loadBundle(join(policiesDir, 'bundle'));
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    throw new InputError(
      `--policies ${policiesDir}: ${error.message.replace(/run npm run policy:build/, buildHint(policiesDir))}`,
    );
  }
  if (sourceHash(policiesDir) !== bundle.manifest.sourceHash)
    throw new InputError(
      `--policies ${policiesDir}: the bundle is stale (the Rego sources changed since it was built); ${buildHint(policiesDir)}`,
    );
  return bundle;
}

/** The built-in bundle and user bundles as one: rule ids must not repeat across them. */
export function combineBundles(builtIn: LoadedBundle, users: readonly LoadedBundle[]): LoadedBundle {
  if (users.length === 0) return builtIn;
  const owner = new Map(builtIn.manifest.rules.map((r) => [r.id, 'the built-in bundle']));
  for (const user of users) {
    for (const rule of user.manifest.rules) {
      const taken = owner.get(rule.id);
      if (taken)
        throw new InputError(
          `--policies ${dirname(user.dir)}: rule id ${rule.id} (${rule.file}) is already used by ${taken}; choose another id and rebuild`,
        );
      owner.set(rule.id, dirname(user.dir));
    }
  }
  const parts = [builtIn, ...users];
  const manifest: BundleManifest = {
    ...builtIn.manifest,
    version: parts.map((p) => p.manifest.version).join('+'),
    entrypoints: Object.assign({}, ...parts.map((p) => p.manifest.entrypoints)) as Record<string, string>,
    batchEntrypoints: {},
    ruleEntrypoints: {},
    rules: parts.flatMap((p) => p.manifest.rules).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
  return { dir: builtIn.dir, wasm: builtIn.wasm, manifest, parts };
}
