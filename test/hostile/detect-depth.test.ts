import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';

/**
 * Hostile input to the detection depth features: correlation chains that loop or name what does
 * not exist, extreme condition values, and source addresses and identities built to upset impossible
 * travel (malformed, mapped, zoned, non-string; tens of thousands of identities). Generated here.
 */

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const BASE = Date.UTC(2026, 2, 2, 10);

let n = 0;
function event(time: number, ip: unknown, arn: string) {
  n++;
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn, accountId: '111122223333' },
    eventTime: iso(time),
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: 'aws-cli/2.15.30',
    requestParameters: null,
    responseElements: null,
    eventID: `88888888-0000-4000-8000-${String(n).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };
}

const TRAVEL = `title: Travel
name: travel
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventType: AwsApiCall}
  condition: selection
level: high
stance: {method: impossible_travel}
`;

function signalRules(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare('SELECT rule_id FROM signals ORDER BY rule_id').all() as { rule_id: string }[]).map(
      (r) => r.rule_id,
    );
  } finally {
    conn.close();
  }
}

describe('hostile input: correlation chains and impossible travel', () => {
  it('malformed, mapped, zoned and non-string addresses are not located and break nothing; the real hop still counts', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(join(rules, 'travel.yaml'), TRAVEL);
    const alice = 'arn:aws:iam::111122223333:user/alice';
    const weird: unknown[] = [
      '::ffff:1.1.1.1',
      '1.1.1.1%eth0',
      'fe80::1%25eth0',
      '1.1.1.1\u0000',
      ' 1.1.1.1',
      '01.1.1.1',
      '1.1.1.1/24',
      '0.0.0.0',
      '255.255.255.255',
      '::',
      'AWS Internal',
      'x'.repeat(100_000),
      '1'.repeat(5000),
      12345,
      null,
      { ip: '1.1.1.1' },
      ['1.1.1.1'],
    ];
    const events = [
      event(BASE, '81.2.69.142', alice),
      ...weird.map((ip, i) => event(BASE + (i + 1) * 1000, ip, alice)),
      event(BASE + 30 * 60_000, '1.1.1.1', alice),
    ];
    const db = join(dir, 's.db');
    const started = Date.now();
    const run = await runStance(['detect', 'cloudtrail', '--files', '-', '--rules', rules, '--db', db], {
      input: events.map((e) => JSON.stringify(e)).join('\n') + '\n',
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect([0, 3]).toContain(run.code);
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(signalRules(db)).toEqual(['travel']);
  }, 60_000);

  it('30,000 identities each hopping across the world: bounded time, one signal per identity', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    writeFileSync(join(rules, 'travel.yaml'), TRAVEL);
    const lines: string[] = [];
    const identities = 30_000;
    for (let i = 0; i < identities; i++) {
      const arn = `arn:aws:sts::111122223333:assumed-role/Ops/session-${i}`;
      lines.push(JSON.stringify(event(BASE + i * 10, '81.2.69.142', arn)));
      lines.push(JSON.stringify(event(BASE + 20 * 60_000 + i * 10, '1.1.1.1', arn)));
    }
    const db = join(dir, 's.db');
    const started = Date.now();
    const run = await runStance(
      ['detect', 'cloudtrail', '--files', '-', '--rules', rules, '--db', db, '--format', 'json'],
      { input: lines.join('\n') + '\n' },
    );
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { newSignals: unknown[] }).newSignals).toHaveLength(identities);
  }, 180_000);

  it('correlation chains that loop, name unknown rules or misuse v2.1 keys are refused by name; the rest run (exit 3)', async () => {
    const dir = tempDir();
    const rules = join(dir, 'rules');
    mkdirSync(rules);
    const base = `title: Base\nname: base\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {eventName: GetCallerIdentity}\n  condition: s\nlevel: low\n`;
    writeFileSync(
      join(rules, 'chains.yaml'),
      [
        base,
        'title: A\nname: loop-a\ncorrelation: {type: temporal_ordered, rules: [base, loop-b], group-by: [userIdentity.arn], timespan: 1h}\n',
        'title: B\nname: loop-b\ncorrelation: {type: temporal_ordered, rules: [loop-a], group-by: [userIdentity.arn], timespan: 1h}\n',
        'title: On a loop\nname: on-loop\ncorrelation: {type: event_count, rules: [loop-b], group-by: [userIdentity.arn], timespan: 1h, condition: {gte: 1}}\n',
        'title: Unknown\nname: unknown-base\ncorrelation: {type: temporal, rules: [base, nowhere], group-by: [userIdentity.arn], timespan: 1h}\n',
        'title: Huge\nname: huge\ncorrelation: {type: value_sum, rules: [base], group-by: [userIdentity.arn], timespan: 1h, condition: {field: requestParameters.n, gt: 1e308}}\n',
        'title: NaN\nname: nan\ncorrelation: {type: value_avg, rules: [base], group-by: [userIdentity.arn], timespan: 1h, condition: {field: requestParameters.n, gt: .nan}}\n',
        'title: Fine\nname: fine\ncorrelation: {type: event_count, rules: [base], group-by: [userIdentity.arn], timespan: 1h, condition: {gte: 2}}\nlevel: high\n',
      ].join('---\n'),
    );
    const db = join(dir, 's.db');
    const alice = 'arn:aws:iam::111122223333:user/alice';
    const input = [event(BASE, '81.2.69.142', alice), event(BASE + 1000, '81.2.69.142', alice)]
      .map((e) => JSON.stringify(e))
      .join('\n');
    const run = await runStance(['detect', 'cloudtrail', '--files', '-', '--rules', rules, '--db', db], {
      input: input + '\n',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /chains\.yaml: rule loop-a: correlation chain refers back to itself \(rule skipped\)/,
    );
    expect(run.stderr).toMatch(
      /chains\.yaml: rule loop-b: correlation chain refers back to itself \(rule skipped\)/,
    );
    expect(run.stderr).toMatch(/rule on-loop: correlation references rejected rule loop-b \(rule skipped\)/);
    expect(run.stderr).toMatch(
      /rule unknown-base: correlation references unknown rule\(s\) nowhere \(rule skipped\)/,
    );
    expect(run.stderr).toMatch(/rule nan: .*correlation\.condition\.gt: expected a number/);
    expect(signalRules(db)).toEqual(['fine']);
  }, 60_000);
});
