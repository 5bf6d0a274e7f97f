import type { RuleMeta } from '../src/types.js';

export interface BundleManifestFile {
  format: number;
  version: string;
  sourceHash: string;
  opaVersion: string;
  entrypoints: Record<string, string>;
  batchEntrypoints: Record<string, string>;
  ruleEntrypoints: Record<string, string>;
  rules: RuleMeta[];
}
export class PolicyBuildError extends Error {}
export const SEVERITIES: string[];
export const RULE_ID: RegExp;
export const RESOURCE_TYPE: RegExp;
export function findOpa(): string | undefined;
export function regoFiles(dir: string): string[];
export function sourceHash(policiesDir: string): string;
export function ruleManifest(policiesDir: string, opa?: string): RuleMeta[];
export function buildBundle(opts?: {
  policiesDir?: string;
  outDir?: string;
  opa?: string;
}): BundleManifestFile;
export function checkBundleFresh(opts?: { policiesDir?: string; opa?: string }): string[];
