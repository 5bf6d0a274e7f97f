import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { runStanceMeasured } from './helpers.js';

const event = (name: string) =>
  JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
    eventTime: '2026-03-02T10:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    eventID: `${name}-1`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  });

// Control characters, a C1 CSI and a bidi override: none may reach the terminal raw.
// eslint-disable-next-line no-control-regex -- the point is to find raw control characters
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('stance detect coverage with a hostile rule pack', () => {
  it('rule names, test names and tags with terminal escapes are shown escaped; thousands of tags stay bounded', async () => {
    const dir = tempDir();
    const hostile = 'evil\u001b[2J\u001b]0;owned\u0007\u009b31m\u202egnp.exe';
    const tags = Array.from(
      { length: 5000 },
      (_, i) => `attack.t${String(9000 + (i % 999)).padStart(4, '0')}.${String(i % 1000).padStart(3, '0')}`,
    );
    writeFileSync(
      join(dir, 'r.yaml'),
      `title: ${JSON.stringify(hostile)}
name: ${JSON.stringify(hostile)}
tags: ${JSON.stringify(['attack.t1021.008', ...tags])}
logsource: {product: aws, service: cloudtrail}
detection:
  s: {eventName: EnableSerialConsoleAccess}
  condition: s
level: high
stance:
  triage: look
  tests:
    - {name: ${JSON.stringify(hostile)}, expect: match, event: ${event('DescribeInstances')}}
    - {name: near, expect: no_match, event: ${event('DescribeVolumes')}}
`,
    );
    for (const format of ['table', 'json']) {
      const run = await runStanceMeasured(['detect', 'coverage', '--rules', dir, '--format', format], {
        env: { COLUMNS: '100' },
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(RAW);
      expect(run.stderr).not.toMatch(RAW);
      expect(run.stderr).toMatch(/test failed: .*evil\\x1b\[2J.*expected a match, got no signal/);
      expect(run.seconds).toBeLessThan(60);
      expect(run.peakRssMiB).toBeLessThan(600);
      if (format === 'json') {
        const m = JSON.parse(run.stdout) as {
          techniques: { id: string; status: string; unproven: string[] }[];
        };
        const t = m.techniques.find((x) => x.id === 'T1021.008')!;
        expect(t.status).toBe('unproven');
        expect(t.unproven).toEqual([hostile]);
      }
    }
  }, 180_000);
});
