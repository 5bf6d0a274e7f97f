import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/policy/bundle.js';
import { WasmEvaluator } from '../../src/policy/evaluator.js';
import type { EvalContext, Resource } from '../../src/types.js';
import { repoRoot } from '../helpers/cli.js';
import { opaBinary, skipWithoutOpa } from '../helpers/opa.js';

const policiesDir = join(repoRoot, 'policies');

interface RegoCase {
  name: string;
  expect: 'pass' | 'fail' | 'not_applicable' | 'error';
  input: { resource: Resource; context: EvalContext };
}

/** Every `cases` array of every `*_test` package, keyed by the package of the rule it tests. */
function extractCases(): Map<string, RegoCase[]> {
  const out = execFileSync(
    opaBinary!,
    ['eval', '--format', 'json', '--ignore', 'detections', '-d', policiesDir, 'data.stance.rules'],
    {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
    },
  );
  const root = (JSON.parse(out) as { result: { expressions: { value: unknown }[] }[] }).result[0]!
    .expressions[0]!.value;
  const found = new Map<string, RegoCase[]>();
  const walk = (node: unknown, path: string[]) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (
        key.endsWith('_test') &&
        value &&
        typeof value === 'object' &&
        Array.isArray((value as { cases?: unknown }).cases)
      ) {
        found.set(
          ['stance', 'rules', ...path, key.slice(0, -'_test'.length)].join('.'),
          (value as { cases: RegoCase[] }).cases,
        );
      } else walk(value, [...path, key]);
    }
  };
  walk(root, []);
  return found;
}

describe.skipIf(skipWithoutOpa)('Rego test cases through the wasm engine', () => {
  it('opa test passes for every policy', () => {
    const out = execFileSync(opaBinary!, ['test', '--ignore', 'detections', policiesDir], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/PASS: \d+\/\d+/);
  }, 600_000);

  it('every rule has passing and failing cases, and the wasm engine gives the verdicts opa test checks', async () => {
    const bundle = loadBundle();
    const cases = extractCases();
    const evaluator = await WasmEvaluator.create(bundle.wasm, bundle.manifest);
    expect(bundle.manifest.rules.length).toBeGreaterThanOrEqual(4);
    for (const rule of bundle.manifest.rules) {
      const ruleCases = cases.get(rule.package) ?? [];
      expect(
        ruleCases.length,
        `${rule.id} has no cases in ${rule.file.replace('.rego', '_test.rego')}`,
      ).toBeGreaterThan(0);
      expect(
        ruleCases.some((c) => c.expect === 'pass'),
        `${rule.id} needs a passing case`,
      ).toBe(true);
      expect(
        ruleCases.some((c) => c.expect === 'fail'),
        `${rule.id} needs a failing case`,
      ).toBe(true);
      for (const c of ruleCases) {
        const evaluations = evaluator.evaluate([c.input]).filter((e) => e.ruleId === rule.id);
        const verdict = evaluations.length === 0 ? 'not_applicable' : evaluations[0]!.status;
        expect(verdict, `${rule.id}: case "${c.name}" (${evaluations[0]?.message ?? ''})`).toBe(c.expect);
      }
    }
  });

  it('opa test --coverage is at least 90% for every rule file', () => {
    const out = execFileSync(
      opaBinary!,
      ['test', '--coverage', '--format', 'json', '--ignore', 'detections', policiesDir],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    const report = JSON.parse(out) as { files: Record<string, { coverage?: number }> };
    const bundle = loadBundle();
    for (const rule of bundle.manifest.rules) {
      const entry = Object.entries(report.files).find(([file]) =>
        file.endsWith(rule.file.replace(/^policies\//, '')),
      );
      expect(entry, `no coverage for ${rule.file}`).toBeDefined();
      expect(entry![1].coverage ?? 0, `coverage of ${rule.file}`).toBeGreaterThanOrEqual(90);
    }
  }, 600_000);
});
