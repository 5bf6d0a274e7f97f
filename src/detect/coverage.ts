/**
 * ATT&CK coverage of a rule pack, from its tests: a technique is covered only by a rule tagged with
 * it whose match tests fire and near-miss tests stay quiet when mixed into benign traffic. The
 * technique list is the committed, version-pinned one in policies/attack (never downloaded).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { benignTraffic } from './benign-traffic.js';
import type { RuleTestResult } from './rule-tests.js';
import type { DetectionRule } from './sigma.js';

export const bundledTechniquesFile = () => join(packageRoot(), 'policies', 'attack', 'enterprise-aws.yaml');

export interface Technique {
  id: string;
  name: string;
  tactics: string[];
  /** Whether the technique leaves a footprint in CloudTrail. */
  cloudtrail: boolean;
  /** No footprint: why. */
  why?: string;
  /** Footprint but no rule: why. */
  gap?: string;
}

export interface TechniqueList {
  version: string;
  platforms: string[];
  techniques: Technique[];
}

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

export function loadTechniques(file = bundledTechniquesFile()): TechniqueList {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: cannot read the ATT&CK technique list (${(error as Error).message})`);
  }
  const d = doc as { version?: unknown; platforms?: unknown; techniques?: unknown };
  if (!d || typeof d.version !== 'string' || !Array.isArray(d.techniques))
    throw new InputError(`${file}: expected version (a string) and techniques (a list)`);
  const seen = new Set<string>();
  const techniques = d.techniques.map((t: Record<string, unknown>, i: number): Technique => {
    const where = `${file}: techniques[${i}]`;
    if (typeof t?.id !== 'string' || !TECHNIQUE_ID.test(t.id))
      throw new InputError(`${where}: id: expected T1234 or T1234.001`);
    if (seen.has(t.id)) throw new InputError(`${where}: ${t.id} listed twice`);
    seen.add(t.id);
    if (typeof t.name !== 'string' || !t.name)
      throw new InputError(`${where} (${t.id}): name: expected text`);
    if (!Array.isArray(t.tactics) || !t.tactics.every((x) => typeof x === 'string'))
      throw new InputError(`${where} (${t.id}): tactics: expected a list of tactic names`);
    if (typeof t.cloudtrail !== 'boolean')
      throw new InputError(`${where} (${t.id}): cloudtrail: expected true or false`);
    if (!t.cloudtrail && typeof t.why !== 'string')
      throw new InputError(`${where} (${t.id}): cloudtrail is false: say why (why: ...)`);
    return {
      id: t.id,
      name: t.name,
      tactics: t.tactics as string[],
      cloudtrail: t.cloudtrail,
      ...(typeof t.why === 'string' ? { why: t.why } : {}),
      ...(typeof t.gap === 'string' ? { gap: t.gap } : {}),
    };
  });
  return {
    version: d.version,
    platforms: Array.isArray(d.platforms) ? d.platforms.map(String) : [],
    techniques,
  };
}

/** Background traffic for coverage tests: this many benign events around each test's events. */
export const COVERAGE_BACKGROUND_EVENTS = 200;

export const coverageBackground = (fromMs: number, toMs: number) =>
  benignTraffic(COVERAGE_BACKGROUND_EVENTS, fromMs, toMs, 17);

export type CoverageStatus = 'covered' | 'unproven' | 'gap' | 'no-footprint';

export interface TechniqueCoverage extends Technique {
  status: CoverageStatus;
  /** Rules tagged with the technique whose tests prove it. */
  rules: string[];
  /** For a parent technique: sub-techniques that are covered. */
  via: string[];
  /** Rules tagged with it whose tests fail (or that lack a match or near-miss test). */
  unproven: string[];
}

export interface CoverageMatrix {
  attackVersion: string;
  platforms: string[];
  techniques: TechniqueCoverage[];
  totals: {
    techniques: number;
    withFootprint: number;
    covered: number;
    unproven: number;
    gaps: number;
    noFootprint: number;
  };
  /** attack.tNNNN tags of rules that name no technique in the list. */
  unlisted: { tag: string; rules: string[] }[];
}

/** `attack.t1098.001` → `T1098.001`; other tags → undefined. */
export function techniqueOfTag(tag: string): string | undefined {
  const m = /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag);
  return m ? m[1]!.toUpperCase() : undefined;
}

/** The attack.tNNNN tags of rules that name no technique in the list, each with the rules carrying it (by tag). */
export function unlistedTags(
  list: TechniqueList,
  rules: readonly DetectionRule[],
): { tag: string; rules: string[] }[] {
  const listed = new Set(list.techniques.map((t) => t.id));
  const unlisted = new Map<string, string[]>();
  for (const rule of rules)
    for (const tag of rule.mitre) {
      const id = techniqueOfTag(tag);
      if (id && !listed.has(id)) unlisted.set(tag, [...(unlisted.get(tag) ?? []), rule.id]);
    }
  return [...unlisted].map(([tag, r]) => ({ tag, rules: r })).sort((a, b) => a.tag.localeCompare(b.tag));
}

export function coverageMatrix(
  list: TechniqueList,
  rules: DetectionRule[],
  results: RuleTestResult[],
): CoverageMatrix {
  const failed = new Set(results.filter((r) => !r.ok).map((r) => r.ruleId));
  const proven = (rule: DetectionRule) =>
    !failed.has(rule.id) &&
    rule.tests.some((t) => t.expect === 'match') &&
    rule.tests.some((t) => t.expect === 'no_match');
  const provenBy = new Map<string, string[]>();
  const unprovenBy = new Map<string, string[]>();
  const raising = rules.filter((r) => r.generate);
  for (const rule of raising) {
    for (const tag of rule.mitre) {
      const id = techniqueOfTag(tag);
      if (!id) continue;
      const book = proven(rule) ? provenBy : unprovenBy;
      book.set(id, [...(book.get(id) ?? []), rule.id]);
    }
  }
  const techniques = list.techniques.map((t): TechniqueCoverage => {
    const rulesFor = provenBy.get(t.id) ?? [];
    const via = t.id.includes('.')
      ? []
      : list.techniques
          .filter((s) => s.id.startsWith(`${t.id}.`) && (provenBy.get(s.id)?.length ?? 0) > 0)
          .map((s) => s.id);
    const unproven = (unprovenBy.get(t.id) ?? []).filter((r) => !rulesFor.includes(r));
    const status: CoverageStatus = !t.cloudtrail
      ? 'no-footprint'
      : rulesFor.length || via.length
        ? 'covered'
        : unproven.length
          ? 'unproven'
          : 'gap';
    return { ...t, status, rules: rulesFor, via, unproven };
  });
  const count = (s: CoverageStatus) => techniques.filter((t) => t.status === s).length;
  return {
    attackVersion: list.version,
    platforms: list.platforms,
    techniques,
    totals: {
      techniques: techniques.length,
      withFootprint: techniques.filter((t) => t.cloudtrail).length,
      covered: count('covered'),
      unproven: count('unproven'),
      gaps: count('gap'),
      noFootprint: count('no-footprint'),
    },
    unlisted: unlistedTags(list, raising),
  };
}
