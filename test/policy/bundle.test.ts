import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, checkBundleFresh } from '../../scripts/policy-build.mjs';
import { lintRules } from '../../scripts/lint-rules.mjs';
import { assertBundleFresh, BundleError, loadBundle } from '../../src/policy/bundle.js';
import { WasmEvaluator } from '../../src/policy/evaluator.js';
import type { Resource } from '../../src/types.js';
import { repoRoot } from '../helpers/cli.js';
import { skipWithoutOpa } from '../helpers/opa.js';

const policiesDir = join(repoRoot, 'policies');
const temp = () => mkdtempSync(join(tmpdir(), 'stance-bundle-test-'));

const META = (id: string, extra = '') => `# METADATA
# title: Test rule ${id}
# description: A rule used by the tests.
# custom:
#   id: ${id}
#   severity: medium
#   resource_types: [aws.test.thing]
#   remediation: "Console: open the thing and fix it. CLI: aws test fix-thing --thing-id <id> ${extra}"
`;

function writeRule(dir: string, service: string, name: string, id: string, body: string) {
  mkdirSync(join(dir, 'aws', service), { recursive: true });
  writeFileSync(
    join(dir, 'aws', service, `${name}.rego`),
    `${META(id)}package stance.rules.aws.${service}.${name}\n\nimport rego.v1\n\n${body}\n`,
  );
  writeFileSync(
    join(dir, 'aws', service, `${name}_test.rego`),
    `package stance.rules.aws.${service}.${name}_test\n\nimport rego.v1\n\ntest_placeholder if true\n`,
  );
}

describe.skipIf(skipWithoutOpa)('policy bundle build', () => {
  it('the committed bundle is fresh: a rebuild into a temp dir gives the same bytes', () => {
    expect(checkBundleFresh()).toEqual([]);
  });

  it('is deterministic: two builds give identical bytes', () => {
    const a = temp();
    const b = temp();
    buildBundle({ outDir: a });
    buildBundle({ outDir: b });
    expect(readFileSync(join(a, 'policy.wasm')).equals(readFileSync(join(b, 'policy.wasm')))).toBe(true);
    expect(readFileSync(join(a, 'manifest.json'), 'utf8')).toBe(
      readFileSync(join(b, 'manifest.json'), 'utf8'),
    );
  });

  it('rejects a rule that calls a builtin the wasm runtime lacks', () => {
    const dir = temp();
    writeRule(
      dir,
      'test',
      'uses_time',
      'aws-test-uses-time',
      'deny contains {"msg": "late"} if time.now_ns() > 0',
    );
    expect(() => buildBundle({ policiesDir: dir, outDir: temp() })).toThrow(
      /time\.now_ns|undefined function/,
    );
  });

  it('a rule that errors at run time gives status error for that rule only', async () => {
    const dir = temp();
    // two complete definitions that disagree for this input: an eval_conflict_error at run time
    writeRule(
      dir,
      'test',
      'conflicting',
      'aws-test-conflicting',
      'level := input.resource.config.a if input.resource.config.a\n\nlevel := input.resource.config.b if input.resource.config.b\n\ndeny contains {"msg": sprintf("level %v", [level])} if level > 1',
    );
    writeRule(
      dir,
      'test',
      'healthy',
      'aws-test-healthy',
      'deny contains {"msg": "bad"} if input.resource.config.bad == true',
    );
    const out = temp();
    buildBundle({ policiesDir: dir, outDir: out });
    const bundle = loadBundle(out);
    const evaluator = await WasmEvaluator.create(bundle.wasm, bundle.manifest);
    const thing = (id: string, config: unknown): Resource => ({
      id,
      type: 'aws.test.thing',
      provider: 'aws',
      account: '1',
      region: 'r',
      name: id,
      tags: {},
      config,
    });
    const ctx = { now_ns: 0, provider: 'aws' as const, account: '1', region: 'r' };
    const results = evaluator.evaluate([
      { resource: thing('conflict', { a: 2, b: 3, bad: true }), context: ctx },
      { resource: thing('fine', { a: 5, bad: false }), context: ctx },
    ]);
    const by = (id: string, rule: string) => results.find((e) => e.resourceId === id && e.ruleId === rule);
    expect(by('conflict', 'aws-test-conflicting')?.status).toBe('error');
    expect(by('conflict', 'aws-test-conflicting')?.message).toMatch(/rule error/);
    expect(by('conflict', 'aws-test-healthy')?.status).toBe('fail');
    expect(by('fine', 'aws-test-conflicting')?.status).toBe('fail');
    expect(by('fine', 'aws-test-healthy')?.status).toBe('pass');
  });
});

describe('bundle loading', () => {
  it('a missing bundle is a BundleError naming the directory', () => {
    expect(() => loadBundle(join(temp(), 'nothing'))).toThrow(BundleError);
    expect(() => loadBundle(join(temp(), 'nothing'))).toThrow(
      /policy bundle not found in .*run npm run policy:build/,
    );
  });

  it('a corrupt manifest or wasm is a BundleError', () => {
    const dir = temp();
    writeFileSync(join(dir, 'manifest.json'), '{"format": 1,');
    writeFileSync(join(dir, 'policy.wasm'), 'not wasm');
    expect(() => loadBundle(dir)).toThrow(/not valid JSON/);
    cpSync(join(policiesDir, 'bundle', 'manifest.json'), join(dir, 'manifest.json'));
    expect(() => loadBundle(dir)).toThrow(/not a WebAssembly module/);
  });

  it('a bundle older than its Rego sources is stale', () => {
    const copy = temp();
    cpSync(policiesDir, copy, { recursive: true });
    const manifest = loadBundle().manifest;
    expect(() => assertBundleFresh(manifest, copy)).not.toThrow();
    const rule = join(copy, 'lib', 'aws.rego');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace('22: "SSH"', '2222: "SSH"'));
    expect(() => assertBundleFresh(manifest, copy)).toThrow(/stale.*npm run policy:build/);
  });
});

describe('rule lint', () => {
  it('passes on the repository', () => {
    expect(lintRules(policiesDir)).toEqual([]);
  });

  it('reports duplicate and malformed ids, a wrong package and a missing test file', () => {
    const dir = temp();
    writeRule(dir, 'one', 'first', 'aws-test-same', 'deny contains {"msg": "x"} if false');
    writeRule(dir, 'two', 'second', 'aws-test-same', 'deny contains {"msg": "x"} if false');
    writeRule(dir, 'three', 'third', 'Bad_Id', 'deny contains {"msg": "x"} if false');
    mkdirSync(join(dir, 'aws', 'four'), { recursive: true });
    writeFileSync(
      join(dir, 'aws', 'four', 'lonely.rego'),
      `${META('aws-test-lonely')}package stance.rules.aws.elsewhere.lonely\n`,
    );
    const problems = lintRules(dir).join('\n');
    expect(problems).toMatch(/aws\/two\/second\.rego: duplicate rule id aws-test-same/);
    expect(problems).toMatch(/aws\/three\/third\.rego: custom\.id "Bad_Id" is malformed/);
    expect(problems).toMatch(
      /lonely\.rego: package stance\.rules\.aws\.elsewhere\.lonely should be stance\.rules\.aws\.four\.lonely/,
    );
    expect(problems).toMatch(/lonely\.rego: no aws\/four\/lonely_test\.rego beside it/);
  });
});
