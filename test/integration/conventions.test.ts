import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';

const pod = (name: string, namespace: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n` +
  `  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n` +
  `  containers: [{name: c, image: i, securityContext: {privileged: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]\n`;

describe('CLI conventions', () => {
  it('STANCE_<FLAG> variables, ./stance.yaml loaded, the same filters, -f/-o, --since and mute add checks', async () => {
    const dir = tempDir();
    const db = join(dir, 's.db');
    writeFileSync(join(dir, 'app.yaml'), pod('web', 'shop') + '---\n' + pod('job', 'batch'));
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runStance(args, { cwd: dir, env });
    expect((await run(['scan', 'k8s', '--manifests', 'app.yaml'], { STANCE_DB: db })).code).toBe(0);

    // STANCE_FORMAT and STANCE_NAMESPACE stand for --format and --namespace
    const viaEnv = await run(['findings', '--status', 'fail'], {
      STANCE_DB: db,
      STANCE_FORMAT: 'json',
      STANCE_NAMESPACE: 'shop',
    });
    expect(viaEnv.stderr).toBe('');
    const shop = JSON.parse(viaEnv.stdout) as { resourceId: string; muted: boolean }[];
    expect(shop.length).toBeGreaterThan(0);
    expect(shop.every((f) => f.resourceId.includes('/shop/'))).toBe(true);
    // the command line wins over the environment
    const table = await run(['findings', '-f', 'table'], { STANCE_DB: db, STANCE_FORMAT: 'json' });
    expect(table.stdout).toMatch(/finding\(s\)/);

    // -f/-o on findings, JUnit among the formats; --since parses durations as signals does
    const written = await run(['findings', '-f', 'junit', '-o', 'f.xml', '--since', '1h', '--db', db]);
    expect(written.code).toBe(0);
    expect(readFileSync(join(dir, 'f.xml'), 'utf8')).toContain('<testsuites');
    const future = await run(['findings', '-f', 'json', '--since', '2999-01-01', '--db', db]);
    expect(JSON.parse(future.stdout)).toEqual([]);
    expect((await run(['findings', '--since', 'yesterday', '--db', db])).code).toBe(2);
    expect((await run(['signals', '--since', '7d', '--namespace', 'shop', '--db', db])).code).toBe(0);
    const report = await run([
      'report',
      '--framework',
      'pss-baseline',
      '--status',
      'fail',
      '--namespace',
      'shop',
      '-f',
      'json',
      '--db',
      db,
    ]);
    expect(report.code).toBe(0);
    expect(
      (JSON.parse(report.stdout) as { controls: { status: string }[] }).controls.every(
        (c) => c.status === 'fail',
      ),
    ).toBe(true);

    // ./stance.yaml applies without --config
    writeFileSync(
      join(dir, 'stance.yaml'),
      'mutes:\n  - rule: k8s-container-privileged\n    reason: accepted in batch\n    region: batch\n',
    );
    const muted = JSON.parse(
      (await run(['findings', '-f', 'json', '--namespace', 'batch', '--db', db])).stdout,
    ) as {
      ruleId: string;
      muted: boolean;
    }[];
    expect(muted.find((f) => f.ruleId === 'k8s-container-privileged')?.muted).toBe(true);
    // STANCE_CONFIG names another file
    writeFileSync(join(dir, 'other.yaml'), 'mutes: []\n');
    const unmuted = JSON.parse(
      (
        await run(['findings', '-f', 'json', '--namespace', 'batch', '--db', db], {
          STANCE_CONFIG: 'other.yaml',
        })
      ).stdout,
    ) as { ruleId: string; muted: boolean }[];
    expect(unmuted.find((f) => f.ruleId === 'k8s-container-privileged')?.muted).toBe(false);

    // mute add with a rule id that does not exist: exit 2, nothing added
    const typo = await run(['mute', 'add', '--rule', 'k8s-container-privilegd', '--reason', 'x', '--db', db]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^stance: --rule k8s-container-privilegd: no such rule/);
    const list = await run(['mute', 'list', '-f', 'json', '--namespace', 'batch', '--db', db]);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });
});
