import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';

interface Matrix {
  attackVersion: string;
  totals: { techniques: number; withFootprint: number; covered: number; unproven: number; gaps: number };
  techniques: { id: string; status: string; rules: string[]; gap?: string; why?: string }[];
  rules: number;
  failedTests: unknown[];
}

describe('stance detect coverage', () => {
  it('prints the ATT&CK matrix of the bundled pack as JSON and as a table that fits the terminal', async () => {
    const json = await runStance(['detect', 'coverage', '--format', 'json']);
    expect(json.code).toBe(0);
    const m = JSON.parse(json.stdout) as Matrix;
    expect(m.attackVersion).toBe('16.1');
    expect(m.rules).toBeGreaterThanOrEqual(120);
    expect(m.failedTests).toEqual([]);
    expect(m.totals.unproven).toBe(0);
    expect(m.totals.covered).toBeGreaterThanOrEqual(70);
    const lambda = m.techniques.find((t) => t.id === 'T1546')!;
    expect(lambda.status).toBe('covered');
    expect(lambda.rules).toContain('aws-ct-lambda-layer-from-other-account');
    for (const t of m.techniques.filter((x) => x.status === 'gap')) expect(t.gap, t.id).toBeTruthy();

    const table = await runStance(['detect', 'coverage'], { env: { COLUMNS: '80' } });
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^TECHNIQUE +NAME +STATUS +RULES \/ REASON$/);
    for (const line of lines) expect(Array.from(line).length, line).toBeLessThanOrEqual(80);
    expect(table.stdout).toMatch(/T1021\.008 +Direct Cloud VM Conn\S* +covered/);
    expect(table.stdout).toMatch(/ATT&CK Enterprise v16\.1 \(IaaS, Identity Provider\): \d+ techniques/);
    expect(table.stdout).toMatch(
      /\d+ with a CloudTrail footprint: \d+ covered \(\d+%\), \d+ gap\(s\), 0 unproven/,
    );
  }, 180_000);

  it('a rule whose test fails proves nothing: its technique is unproven and the failure is named', async () => {
    const dir = tempDir();
    const event = (name: string) =>
      JSON.stringify({
        eventVersion: '1.09',
        userIdentity: {
          type: 'IAMUser',
          arn: 'arn:aws:iam::111122223333:user/alice',
          accountId: '111122223333',
        },
        eventTime: '2026-03-02T10:00:00Z',
        eventSource: 'ec2-instance-connect.amazonaws.com',
        eventName: name,
        awsRegion: 'us-east-1',
        sourceIPAddress: '203.0.113.10',
        eventID: `${name}-1`,
        eventType: 'AwsApiCall',
        recipientAccountId: '111122223333',
      });
    writeFileSync(
      join(dir, 'r.yaml'),
      `title: serial
name: serial-console
tags: [attack.lateral-movement, attack.t1021.008]
logsource: {product: aws, service: cloudtrail}
detection:
  s: {eventName: SendSerialConsoleSSHPublicKey}
  condition: s
level: high
stance:
  triage: look
  tests:
    - {name: wrong event, expect: match, event: ${event('SendSSHPublicKey')}}
    - {name: near miss, expect: no_match, event: ${event('DescribeInstances')}}
`,
    );
    const run = await runStance(['detect', 'coverage', '--rules', dir, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /test failed: .*r\.yaml: serial-console \/ wrong event: expected a match, got no signal/,
    );
    const m = JSON.parse(run.stdout) as Matrix;
    const t = m.techniques.find((x) => x.id === 'T1021.008')!;
    expect(t.status).toBe('unproven');
    expect(m.totals.covered).toBe(0);

    const empty = await runStance(['detect', 'coverage', '--rules', tempDir()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no detection rules loaded from /);
  }, 60_000);
});
