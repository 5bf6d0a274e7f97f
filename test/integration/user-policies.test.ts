import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { opaBinary, skipWithoutOpa } from '../helpers/opa.js';

const RULE_ID = 'k8s-acme-pod-team-label';

const rule = (meta: { id?: string; severity?: string } = {}) => `# METADATA
# title: Pod carries no team label
# description: Every Pod names the team that owns it in its team label, so a finding reaches someone.
# custom:
#   id: ${meta.id ?? RULE_ID}
#   severity: ${meta.severity ?? 'high'}
#   resource_types: [k8s.pod]
#   remediation: |-
#     Add metadata.labels.team to the Pod (or its template), e.g. kubectl label pod <name> team=<team>,
#     and keep it in the manifest the Pod is deployed from.
package stance.rules.k8s.acme.team_label

import data.stance.lib.k8s
import rego.v1

deny contains {"msg": msg} if {
	not k8s.pod_metadata(input.resource.config).labels.team
	msg := sprintf("pod %s has no team label", [input.resource.name])
}
`;

const ruleTest = `package stance.rules.k8s.acme.team_label_test

import data.stance.lib.testing.harness
import rego.v1

cases := []

test_cases if harness.check_cases("k8s.acme.team_label", cases)
`;

const pod = (name: string, labels: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels: {${labels}}\nspec:\n  containers: [{name: c, image: i}]\n---\n`;

function userRules(dir: string, text = rule()): string {
  const rules = join(dir, 'acme-rules');
  mkdirSync(join(rules, 'k8s', 'acme'), { recursive: true });
  writeFileSync(join(rules, 'k8s', 'acme', 'team_label.rego'), text);
  writeFileSync(join(rules, 'k8s', 'acme', 'team_label_test.rego'), ruleTest);
  return rules;
}

const withOpa = { OPA: opaBinary, STANCE_DB: undefined };

describe.skipIf(skipWithoutOpa)('stance policy build: user rules beside the built-in ones', () => {
  it('builds a user rule, scans with it, and stores and reports its findings like built-in ones', async () => {
    const dir = tempDir();
    const rules = userRules(dir);
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'deploy', 'pods.yaml'), pod('web', 'team: shop') + pod('batch', 'app: batch'));
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      runStance(args, { cwd: dir, env: { ...withOpa, ...env } });

    const build = await run(['policy', 'build', '--policies', 'acme-rules']);
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/built 1 rule\(s\) for 1 resource type\(s\)/);
    const manifest = JSON.parse(readFileSync(join(rules, 'bundle', 'manifest.json'), 'utf8')) as {
      rules: { id: string; severity: string }[];
    };
    expect(manifest.rules.map((r) => r.id)).toEqual([RULE_ID]);

    // scanned with --policies (and stored): the user rule's findings sit beside the built-in ones
    const scan = await run([
      '--db',
      'stance.db',
      'scan',
      'k8s',
      '--manifests',
      'deploy/',
      '--policies',
      'acme-rules',
    ]);
    expect(scan.stderr).not.toMatch(/Error|at /);
    expect([0, 3]).toContain(scan.code);
    const findings = await run(['--db', 'stance.db', 'findings', '--rule', RULE_ID, '-f', 'json']);
    expect(findings.code).toBe(0);
    const list = JSON.parse(findings.stdout) as { resourceId: string; status: string; severity: string }[];
    expect(list.map((f) => [f.resourceId.split('/').at(-1), f.status, f.severity]).sort()).toEqual([
      ['batch', 'fail', 'high'],
      ['web', 'pass', 'high'],
    ]);

    // a policies: key in stance.yaml does the same in CI mode, and --fail-on counts the user rule
    writeFileSync(join(dir, 'stance.yaml'), 'policies: [acme-rules]\n');
    // two worker threads: each worker evaluates the built-in and the user bundle
    const ci = await run(['scan', 'k8s', '--manifests', 'deploy/', '-f', 'csv', '--threads', '2']);
    expect(ci.stdout).toContain(RULE_ID);
    expect(ci.stdout).toContain('k8s-container-privileged');
    const sarif = JSON.parse(
      (await run(['scan', 'k8s', '--manifests', 'deploy/', '-f', 'sarif'])).stdout,
    ) as {
      runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[];
    };
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === RULE_ID)?.shortDescription.text).toBe(
      'Pod carries no team label',
    );
    // a mute of a user rule is a mute of a known rule
    const muted = await run([
      '--db',
      'stance.db',
      'mute',
      'add',
      '--rule',
      RULE_ID,
      '--reason',
      'batch jobs have no team yet',
    ]);
    expect(muted.stderr).toBe('');
    expect(muted.code).toBe(0);
    // a framework of the user's may name the user rule: its control is judged by it
    mkdirSync(join(dir, 'fw'));
    writeFileSync(
      join(dir, 'fw', 'acme.yaml'),
      'id: acme-policy\nname: Acme policy\nversion: "1"\nsource: internal\ncomplete: true\ncontrols:\n' +
        `  - {id: "1", title: Owned pods, section: Ownership, assessment: automated, rules: [${RULE_ID}]}\n`,
    );
    const report = await run([
      '--db',
      'stance.db',
      'report',
      '--framework',
      'acme-policy',
      '--frameworks',
      'fw',
      '-f',
      'json',
    ]);
    expect(report.stderr).toBe('');
    const controls = (JSON.parse(report.stdout) as { controls: { id: string; status: string }[] }).controls;
    expect(controls).toEqual([expect.objectContaining({ id: '1', status: 'pass' })]);
    const listed = await run(['rules', '-f', 'json']);
    expect((JSON.parse(listed.stdout) as { id: string }[]).some((r) => r.id === RULE_ID)).toBe(true);

    // an edited rule without a rebuild is refused, naming the fix
    writeFileSync(join(rules, 'k8s', 'acme', 'team_label.rego'), rule({ severity: 'low' }));
    const stale = await run(['scan', 'k8s', '--manifests', 'deploy/', '--policies', 'acme-rules']);
    expect(stale.code).toBe(2);
    expect(stale.stderr.trim()).toMatch(
      /acme-rules: the bundle is stale .*run stance policy build --policies/,
    );
  });

  it('rejects bad METADATA and a built-in rule id, each with one line naming the file, and keeps no bundle', async () => {
    const dir = tempDir();
    const rules = userRules(dir, rule({ severity: 'urgent' }));
    const bad = await runStance(['policy', 'build', '--policies', rules], { env: withOpa });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /acme-rules\/k8s\/acme\/team_label\.rego: custom\.severity must be one of info, low/,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(rules, 'bundle'))).toBe(false);

    writeFileSync(join(rules, 'k8s', 'acme', 'team_label.rego'), rule({ id: 'k8s-container-privileged' }));
    const clash = await runStance(['policy', 'build', '--policies', rules], { env: withOpa });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/rule id k8s-container-privileged is already a built-in rule/);
    expect(existsSync(join(rules, 'bundle'))).toBe(false);
  });

  it('says in one line that the OPA CLI is missing (exit 2)', async () => {
    const dir = tempDir();
    const rules = userRules(dir);
    const result = await runStance(['policy', 'build', '--policies', rules], {
      env: { OPA: undefined, PATH: '/nonexistent' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/OPA CLI .* not found: put opa on the PATH or set \$OPA/);
  });
});
