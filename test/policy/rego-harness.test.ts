import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRules } from '../../scripts/lint-rules.mjs';
import { regoFiles } from '../../src/policy/sources.js';
import { repoRoot } from '../helpers/cli.js';
import { opaBinary, skipWithoutOpa } from '../helpers/opa.js';

/**
 * Rule tests hold their cases only; the harness that turns a rule's deny / unknown /
 * not_applicable into a verdict lives once, in policies/lib/testing/harness_test.rego.
 */
const policiesDir = join(repoRoot, 'policies');
const temp = () => mkdtempSync(join(tmpdir(), 'stance-harness-test-'));

/** What a pasted harness defines: the verdict function, its failure list, its unknown helper. */
const OWN_HARNESS = /^(default\s+)?verdict\(|^failures\s*:=|^unknown\(case_input\)/m;

const ruleTests = regoFiles(policiesDir).filter((f) => f.endsWith('_test.rego') && !f.startsWith('lib/'));

const META = `# METADATA
# title: Test rule
# description: A rule used by the tests.
# custom:
#   id: aws-test-thing-flag
#   severity: medium
#   resource_types: [aws.test.thing]
#   remediation: "Console: open the thing and fix it. CLI: aws test fix-thing --thing-id <id>"
`;

function ruleWithTest(test: string): string {
  const dir = temp();
  mkdirSync(join(dir, 'aws', 'test'), { recursive: true });
  writeFileSync(
    join(dir, 'aws', 'test', 'flag.rego'),
    `${META}package stance.rules.aws.test.flag\n\nimport rego.v1\n\ndeny contains {"msg": "bad"} if input.resource.config.bad\n`,
  );
  writeFileSync(join(dir, 'aws', 'test', 'flag_test.rego'), test);
  return dir;
}

const CASES = `cases := [
	{"name": "good", "expect": "pass", "input": {"resource": {"config": {"bad": false}}}},
	{"name": "bad", "expect": "fail", "input": {"resource": {"config": {"bad": true}}}},
]
`;

describe('the Rego test harness', () => {
  it('is not pasted into rule tests: each holds its cases and checks them with the shared harness', () => {
    expect(ruleTests.length).toBeGreaterThan(100);
    const pasted = ruleTests.filter((f) => OWN_HARNESS.test(readFileSync(join(policiesDir, f), 'utf8')));
    expect(pasted).toEqual([]);
    const unchecked = ruleTests.filter((f) => {
      const rule = f.replace(/_test\.rego$/, '').replaceAll('/', '.');
      return !readFileSync(join(policiesDir, f), 'utf8').includes(
        `test_cases if harness.check_cases("${rule}", cases)`,
      );
    });
    expect(unchecked).toEqual([]);
  });

  it('the rule lint rejects a rule test that defines its own harness', () => {
    const dir = ruleWithTest(
      `package stance.rules.aws.test.flag_test\n\nimport data.stance.rules.aws.test.flag as rule\nimport rego.v1\n\n${CASES}\ndefault verdict(_) := "undefined"\n\nverdict(case_input) := "fail" if count(rule.deny) > 0 with input as case_input\n\nverdict(case_input) := "pass" if count(rule.deny) == 0 with input as case_input\n\nfailures := [c.name | some c in cases; verdict(c.input) != c.expect]\n\ntest_cases if failures == []\n`,
    );
    try {
      expect(lintRules(dir).join('\n')).toMatch(/aws\/test\/flag_test\.rego: defines its own test harness/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the rule lint rejects cases checked against another rule, or not checked at all', () => {
    const other = ruleWithTest(
      `package stance.rules.aws.test.flag_test\n\nimport data.stance.lib.testing.harness\nimport rego.v1\n\n${CASES}\ntest_cases if harness.check_cases("aws.test.other", cases)\n`,
    );
    const none = ruleWithTest(`package stance.rules.aws.test.flag_test\n\nimport rego.v1\n\n${CASES}`);
    try {
      expect(lintRules(other).join('\n')).toMatch(
        /flag_test\.rego: .*test_cases if harness\.check_cases\("aws\.test\.flag", cases\)/,
      );
      expect(lintRules(none).join('\n')).toMatch(
        /flag_test\.rego: .*test_cases if harness\.check_cases\("aws\.test\.flag", cases\)/,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
      rmSync(none, { recursive: true, force: true });
    }
  });

  it.skipIf(skipWithoutOpa)(
    'opa test names the case that failed, its expected and its actual verdict',
    () => {
      const copy = temp();
      try {
        cpSync(policiesDir, copy, {
          recursive: true,
          filter: (src) => !/[/\\](bundle|detections)$/.test(src),
        });
        const file = join(copy, 'aws', 'iam', 'root_mfa_test.rego');
        const text = readFileSync(file, 'utf8');
        const broken = text.replace(
          '{"name": "root MFA enabled", "expect": "pass"',
          '{"name": "root MFA enabled", "expect": "fail"',
        );
        expect(broken).not.toBe(text);
        writeFileSync(file, broken);
        const run = spawnSync(opaBinary!, ['test', copy, '--run', 'aws.iam.root_mfa_test'], {
          encoding: 'utf8',
        });
        expect(run.status).not.toBe(0);
        expect(run.stdout).toMatch(/FAIL/);
        expect(run.stdout).toContain('case "root MFA enabled": expected fail, got pass');
        // the file's other cases still pass: only the broken one is named
        expect(run.stdout).not.toContain('root MFA disabled');
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(skipWithoutOpa)('opa check --strict accepts the policies and the harness', () => {
    expect(() =>
      execFileSync(opaBinary!, ['check', '--strict', '--ignore', 'detections', policiesDir], {
        encoding: 'utf8',
      }),
    ).not.toThrow();
  });
});
