import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metadataOf } from '../../scripts/lint-rules.mjs';
import { regoFiles } from '../../scripts/policy-build.mjs';
import { InputError } from '../../src/errors.js';
import { controlsByRule, loadFrameworks } from '../../src/frameworks/load.js';
import { repoRoot, tempDir } from '../helpers/cli.js';

const frameworksDir = join(repoRoot, 'frameworks');
const policiesDir = join(repoRoot, 'policies');
const ruleIds = new Set(
  regoFiles(policiesDir)
    .filter((f) => !f.endsWith('_test.rego') && !f.startsWith('lib/'))
    .map((f) => (metadataOf(readFileSync(join(policiesDir, f), 'utf8')) as { custom: { id: string } }).custom.id),
);

/**
 * Automated CIS controls that no rule decides yet. The AWS and Kubernetes rule sets (their own
 * issues) empty this list; a control leaves it by getting a rule or a "Node-only:" guidance.
 */

describe('frameworks', () => {
  const frameworks = loadFrameworks([frameworksDir]);

  it('loads every bundled framework with the catalog control counts', () => {
    const count = (id: string) => frameworks.find((f) => f.id === id)?.controls.length;
    const reference = (file: string) => (JSON.parse(readFileSync(join(repoRoot, '..', 'shared', 'reference', 'frameworks', file), 'utf8')) as unknown[]).length;
    expect(count('cis-aws-7.0.0')).toBe(reference('cis-aws-7.0.0.json'));
    expect(count('cis-aws-5.0.0')).toBe(reference('cis-aws-5.0.0.json'));
    expect(count('cis-k8s-1.12.0')).toBe(reference('cis-k8s-1.12.0.json'));
  });

  it('maps only rule ids that exist, and every rule to at least one control', () => {
    const mapped = controlsByRule(frameworks);
    for (const ruleId of mapped.keys()) expect(ruleIds, `unknown rule ${ruleId} in a framework`).toContain(ruleId);
    for (const ruleId of ruleIds) expect(mapped.get(ruleId)?.length ?? 0, `${ruleId} maps to no control`).toBeGreaterThan(0);
  });

  it('accounts for every automated CIS control without a rule', () => {
    const pending: string[] = [];
    for (const framework of frameworks.filter((f) => f.id.startsWith('cis-'))) {
      for (const control of framework.controls) {
        if (control.assessment !== 'automated' || control.rules.length > 0) continue;
        if (control.guidance?.startsWith('Node-only:')) continue;
        pending.push(`${framework.id}:${control.id}`);
      }
    }
    process.stdout.write(`automated CIS controls still without a rule: ${pending.length}\n`);
    expect(pending).toEqual([]);
    expect(pending).not.toContain('cis-aws-7.0.0:6.3');
  });

  it('rejects a broken framework naming the file, control and field', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'broken.yaml'),
      'id: broken\nname: Broken\nversion: "1"\nsource: test\ncomplete: false\ncontrols:\n  - id: "1.1"\n    title: ok\n    section: s\n    assessment: sometimes\n',
    );
    expect(() => loadFrameworks([dir])).toThrow(InputError);
    expect(() => loadFrameworks([dir])).toThrow(/broken\.yaml: control 1\.1 controls\[0\]\.assessment/);
    writeFileSync(
      join(dir, 'broken.yaml'),
      'id: broken\nname: Broken\nversion: "1"\nsource: test\ncomplete: false\ncontrols:\n  - {id: "1", title: a, section: s, assessment: manual}\n  - {id: "1", title: b, section: s, assessment: manual}\n',
    );
    expect(() => loadFrameworks([dir])).toThrow(/duplicate control id 1/);
  });
});
