import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';

const pod = (name: string, privileged: boolean) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ci\nspec:\n` +
  `  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n` +
  `  containers: [{name: c, image: i, securityContext: {privileged: ${privileged}, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]\n`;

/** No database named anywhere: the environment of a CI job. */
const noDb = { STANCE_DB: undefined };

describe('stateless CI mode', () => {
  it('scans manifests with no database, writes SARIF and JUnit, gates with --fail-on and --baseline', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'deploy', 'app.yaml'), pod('legacy', true));
    const run = (args: string[]) => runStance(args, { cwd: dir, env: noDb });

    const sarifRun = await run([
      'scan',
      'k8s',
      '--manifests',
      'deploy/',
      '-f',
      'sarif',
      '-o',
      'stance.sarif',
      '--fail-on',
      'high',
    ]);
    expect(sarifRun.stderr).not.toMatch(/Error|at /);
    expect(sarifRun.code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(dir, 'stance.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string; locations?: unknown[] }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.some((r) => r.ruleId.includes('privileged'))).toBe(true);
    // nothing kept: no database file anywhere in the working directory
    expect(readdirSync(dir).filter((f) => f.endsWith('.db'))).toEqual([]);

    const junit = await run(['scan', 'k8s', '--manifests', 'deploy/', '--format', 'junit']);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toContain('<testsuites');

    // --baseline defines "new": the same findings are accepted, a new one trips the gate
    const json = await run(['scan', 'k8s', '--manifests', 'deploy/', '-f', 'csv']);
    expect(json.code).toBe(0);
    expect(json.stdout.split('\n')[0]).toContain('rule_id');
    writeFileSync(
      join(dir, 'baseline.json'),
      JSON.stringify(
        (
          JSON.parse(readFileSync(join(dir, 'stance.sarif'), 'utf8')) as {
            runs: {
              results: {
                ruleId: string;
                locations?: { logicalLocations: { fullyQualifiedName: string }[] }[];
              }[];
            }[];
          }
        ).runs[0]!.results.map((r) => ({
          ruleId: r.ruleId,
          resourceId: r.locations![0]!.logicalLocations[0]!.fullyQualifiedName,
          status: 'fail',
        })),
      ),
    );
    const accepted = await run([
      'scan',
      'k8s',
      '--manifests',
      'deploy/',
      '--fail-on',
      'high',
      '--baseline',
      'baseline.json',
    ]);
    expect(accepted.stderr).toBe('');
    expect(accepted.code).toBe(0);
    writeFileSync(join(dir, 'deploy', 'app.yaml'), pod('legacy', true) + '---\n' + pod('new-one', true));
    const gated = await run(['scan', 'k8s', '--manifests', 'deploy/', '--baseline', 'baseline.json']);
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain('new-one');
    expect(gated.stdout).not.toMatch(/Newly failing[^\n]*\n[^]*legacy/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.db'))).toEqual([]);
  });

  it('--notify in CI mode is a usage error (exit 2) naming the way out', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), pod('p', false));
    writeFileSync(
      join(dir, 'stance.yaml'),
      'notify:\n  - type: webhook\n    url: http://127.0.0.1:9/hook\n    allowPrivateTargets: true\n',
    );
    const result = await runStance(
      ['scan', 'k8s', '--manifests', 'app.yaml', '--config', 'stance.yaml', '--notify'],
      { cwd: dir, env: noDb },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^stance: --notify: .*--db/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('with --db the scan keeps its history as before', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.yaml'), pod('p', true));
    const result = await runStance(['scan', 'k8s', '--manifests', 'app.yaml', '--db', 'kept.db'], {
      cwd: dir,
      env: noDb,
    });
    expect(result.code).toBe(0);
    expect(readdirSync(dir)).toContain('kept.db');
  });
});
