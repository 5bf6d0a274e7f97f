/** User rules: compiling a directory of Rego rules into a bundle that scans load beside the built-in one. */
import { join, resolve } from 'node:path';
import { packageRoot } from '../paths.js';
import type { BundleManifest } from '../policy/bundle.js';
import { policyBundle } from './catalog.js';

export { findOpa, OPA_MISSING, PolicyBuildError } from '../policy/opa.js';

export interface BuildPoliciesOptions {
  /** Where the bundle goes (default `<policiesDir>/bundle`, where scans with `policies` look). */
  outDir?: string;
  /** The OPA CLI (default: $OPA, else `opa` on the PATH). */
  opa?: string;
}

export interface BuiltPolicies {
  outDir: string;
  manifest: BundleManifest;
}

/**
 * Lints and compiles the rules of `policiesDir` (the built-in METADATA contract and lint; the shared
 * `policies/lib` is available to them) with the OPA CLI. A problem is a PolicyBuildError (exit 2)
 * listing every one found; an id a built-in rule has is one of them.
 */
export async function buildPolicies(
  policiesDir: string,
  opts: BuildPoliciesOptions = {},
): Promise<BuiltPolicies> {
  const dir = resolve(policiesDir);
  const outDir = resolve(opts.outDir ?? join(dir, 'bundle'));
  const { buildBundle } = await import('../policy/build.js');
  const manifest = buildBundle({
    policiesDir: dir,
    outDir,
    opa: opts.opa,
    user: { libDir: join(packageRoot(), 'policies', 'lib'), builtInRules: policyBundle().manifest.rules },
  });
  return { outDir, manifest };
}
