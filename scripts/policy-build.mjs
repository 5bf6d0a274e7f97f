#!/usr/bin/env node
// Builds the committed policy bundle: policies/**/*.rego → policies/bundle/{policy.wasm,manifest.json}.
//
//   node scripts/policy-build.mjs            build into policies/bundle/
//   node scripts/policy-build.mjs --check    rebuild into a temp dir; exit 1 if the committed bundle differs
//   node scripts/policy-build.mjs --out DIR  build into DIR
//
// The build is the library's (src/policy/build.ts, built into dist/ by `npm run build`), the same one
// `stance policy build` runs on user rules, so the bundle and the freshness check at load time agree
// by construction.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as build from '../dist/policy/build.js';
import { regoFiles, sourceHash } from '../dist/policy/sources.js';
import { RESOURCE_TYPE, RULE_ID, SEVERITIES } from '../dist/types.js';

export { regoFiles, RESOURCE_TYPE, RULE_ID, SEVERITIES, sourceHash };
export const { PolicyBuildError, capabilities, entrypointName, batchEntrypointName, ruleEntrypointName } =
  build;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The generated entrypoint module of the built-in rules (manifest `file` paths are repository-relative). */
export const entrypointModule = (rules) => build.entrypointModule(rules, repoRoot);
const defaultPolicies = join(repoRoot, 'policies');

/** The OPA CLI: $OPA, ../shared/bin/opa beside the repository, or `opa` on the PATH. */
export function findOpa() {
  if (process.env.OPA) return process.env.OPA;
  const shared = resolve(repoRoot, '..', 'shared', 'bin', 'opa');
  if (existsSync(shared)) return shared;
  return build.findOpa();
}

export function ruleManifest(policiesDir = defaultPolicies, opa = findOpa()) {
  return build.ruleManifest(policiesDir, opa, { displayRoot: repoRoot });
}

export function buildBundle({ policiesDir = defaultPolicies, outDir, opa = findOpa() } = {}) {
  return build.buildBundle({ policiesDir, outDir, opa, displayRoot: repoRoot });
}

export function checkBundleFresh({ policiesDir = defaultPolicies, opa = findOpa() } = {}) {
  return build.checkBundleFresh({ policiesDir, opa, displayRoot: repoRoot });
}

async function cli() {
  const args = process.argv.slice(2);
  try {
    if (args.includes('--check')) {
      const stale = checkBundleFresh();
      if (stale.length) {
        process.stderr.write(
          `policy bundle is stale (${stale.join(', ')} differ): run npm run policy:build and commit policies/bundle/\n`,
        );
        process.exit(1);
      }
      process.stdout.write('policy bundle is up to date\n');
      return;
    }
    const outIndex = args.indexOf('--out');
    const outDir = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '') : undefined;
    const manifest = buildBundle({ outDir });
    process.stdout.write(
      `built ${manifest.rules.length} rules for ${Object.keys(manifest.entrypoints).length} resource types, bundle ${manifest.version}\n`,
    );
  } catch (error) {
    if (error instanceof build.PolicyBuildError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await cli();
