import type { BundleManifest } from '../src/policy/bundle.js';
import type { RuleMeta } from '../src/types.js';

export { regoFiles, sourceHash } from '../src/policy/sources.js';
export { RESOURCE_TYPE, RULE_ID, SEVERITIES } from '../src/types.js';
export class PolicyBuildError extends Error {}
export function findOpa(): string | undefined;
export function ruleManifest(policiesDir: string, opa?: string): RuleMeta[];
export function buildBundle(opts?: { policiesDir?: string; outDir?: string; opa?: string }): BundleManifest;
export function checkBundleFresh(opts?: { policiesDir?: string; opa?: string }): string[];
