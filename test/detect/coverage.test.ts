import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benignTraffic } from '../../src/detect/benign-traffic.js';
import {
  coverageBackground,
  coverageMatrix,
  loadTechniques,
  techniqueOfTag,
} from '../../src/detect/coverage.js';
import { runRuleTests } from '../../src/detect/rule-tests.js';
import { compileRuleTexts, loadRules } from '../../src/detect/sigma.js';

const PACK = join(__dirname, '..', '..', 'policies', 'detections');

const event = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333' },
    eventTime: '2026-03-02T10:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    eventID: `${name}-1`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...extra,
  });

/** One rule tagged T1530 with the given detection and tests. */
const rule = (id: string, detection: string, match: string, nearMiss: string) =>
  compileRuleTexts([
    {
      file: `${id}.yaml`,
      text: `title: ${id}
name: ${id}
tags: [attack.collection, attack.t1530]
logsource: {product: aws, service: cloudtrail}
detection:
${detection}
level: medium
stance:
  triage: look
  tests:
    - name: fires
      expect: match
      event: ${match}
    - name: near miss
      expect: no_match
      event: ${nearMiss}
`,
    },
  ]).rules;

describe('the pinned ATT&CK technique list', () => {
  it('is ATT&CK Enterprise v16.1 for IaaS and Identity Provider, ids unique, every technique without a footprint says why', () => {
    const list = loadTechniques();
    expect(list.version).toBe('16.1');
    expect(list.platforms).toEqual(['IaaS', 'Identity Provider']);
    expect(list.techniques.length).toBeGreaterThan(80);
    expect(new Set(list.techniques.map((t) => t.id)).size).toBe(list.techniques.length);
    for (const t of list.techniques) {
      if (!t.cloudtrail) expect(t.why, t.id).toBeTruthy();
      // A sub-technique's parent is listed too.
      if (t.id.includes('.'))
        expect(
          list.techniques.some((p) => p.id === t.id.split('.')[0]),
          t.id,
        ).toBe(true);
    }
  });

  it('rejects a malformed list with the file and the entry named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stance-attack-'));
    const file = join(dir, 'list.yaml');
    writeFileSync(
      file,
      'version: "16.1"\ntechniques:\n  - {id: T1078, name: Valid Accounts, tactics: [x], cloudtrail: true}\n  - {id: 1078, name: x, tactics: [], cloudtrail: true}\n',
    );
    expect(() => loadTechniques(file)).toThrow(`${file}: techniques[1]: id: expected T1234 or T1234.001`);
    writeFileSync(
      file,
      'version: "16.1"\ntechniques:\n  - {id: T1046, name: Network Service Discovery, tactics: [discovery], cloudtrail: false}\n',
    );
    expect(() => loadTechniques(file)).toThrow(/techniques\[0\] \(T1046\): cloudtrail is false: say why/);
    writeFileSync(
      file,
      'version: "16.1"\ntechniques:\n  - {id: T1046, name: a, tactics: [d], cloudtrail: true}\n  - {id: T1046, name: a, tactics: [d], cloudtrail: true}\n',
    );
    expect(() => loadTechniques(file)).toThrow(/T1046 listed twice/);
    writeFileSync(file, '{{{');
    expect(() => loadTechniques(file)).toThrow(/cannot read the ATT&CK technique list/);
  });

  it('reads technique ids out of rule tags', () => {
    expect(techniqueOfTag('attack.t1098.001')).toBe('T1098.001');
    expect(techniqueOfTag('attack.t1530')).toBe('T1530');
    expect(techniqueOfTag('attack.persistence')).toBeUndefined();
  });
});

describe('the coverage matrix', () => {
  it('counts a technique only when its rule fires inside benign traffic and its near miss does not', async () => {
    const list = loadTechniques();
    const proven = rule(
      'exfil-proven',
      '  s: {eventSource: s3.amazonaws.com, eventName: PutBucketReplication}\n  condition: s',
      event('PutBucketReplication'),
      event('GetBucketReplication'),
    );
    // The match test does not fire: the rule claims T1530 but nothing proves it.
    const broken = rule(
      'exfil-broken',
      '  s: {eventSource: s3.amazonaws.com, eventName: PutBucketReplication}\n  condition: s',
      event('GetBucketReplication'),
      event('DeleteBucketReplication'),
    );
    // Fires on ordinary application reads: the benign traffic alone raises it.
    const noisy = rule(
      'exfil-noisy',
      '  s: {eventSource: s3.amazonaws.com, eventName: GetObject}\n  condition: s',
      event('GetObject'),
      event('HeadObject'),
    );
    for (const [rules, status] of [
      [proven, 'covered'],
      [broken, 'unproven'],
      [noisy, 'unproven'],
    ] as const) {
      const results = await runRuleTests([...rules], undefined, { background: coverageBackground });
      const matrix = coverageMatrix(list, [...rules], results);
      const t1530 = matrix.techniques.find((t) => t.id === 'T1530')!;
      expect(t1530.status, rules[0]!.id).toBe(status);
      if (status === 'covered') expect(t1530.rules).toEqual(['exfil-proven']);
      else expect(t1530.unproven).toEqual([rules[0]!.id]);
    }
    // Without background traffic the noisy rule looks fine: the mixing is what catches it.
    const quiet = await runRuleTests([...noisy]);
    expect(quiet.every((r) => r.ok)).toBe(true);
    const mixed = await runRuleTests([...noisy], undefined, { background: coverageBackground });
    expect(mixed.find((r) => !r.ok)?.message).toMatch(/raised by the background traffic alone/);
  });

  it('the background is realistic traffic around the test events, in time order', () => {
    const from = Date.UTC(2026, 2, 2, 9, 50);
    const events = benignTraffic(200, from, from + 20 * 60_000, 17);
    expect(events).toHaveLength(200);
    const times = events.map((e) => Date.parse(e.eventTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.eventSource)).size).toBeGreaterThan(5);
  });

  it('the bundled pack tags only techniques of the pinned list (an unknown attack.tNNNN counts for nothing)', () => {
    const loaded = loadRules([PACK]);
    expect(loaded.errors).toEqual([]);
    expect(coverageMatrix(loadTechniques(), loaded.rules, []).unlisted).toEqual([]);
  });

  it('rule lint (scripts/lint-rules.mjs) rejects a detection rule tagged with a technique not in the pinned list', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'stance-lint-')), 'policies');
    mkdirSync(join(dir, 'attack'), { recursive: true });
    mkdirSync(join(dir, 'detections'));
    copyFileSync(
      join(PACK, '..', 'attack', 'enterprise-aws.yaml'),
      join(dir, 'attack', 'enterprise-aws.yaml'),
    );
    const tagged = (tag: string) =>
      `title: Log group deleted\nname: log-group-deleted\ntags: [attack.defense-evasion, ${tag}]\n` +
      `logsource: {product: aws, service: cloudtrail}\ndetection:\n  selection: {eventName: DeleteLogGroup}\n  condition: selection\nlevel: low\n`;
    const lint = () =>
      spawnSync(process.execPath, [join(PACK, '..', '..', 'scripts', 'lint-rules.mjs'), dir], {
        encoding: 'utf8',
      });
    writeFileSync(join(dir, 'detections', 'log-group.yaml'), tagged('attack.t1070'));
    const refused = lint();
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe(
      'policies/detections/log-group.yaml: rule log-group-deleted: tag attack.t1070 names no technique of the pinned ATT&CK list (policies/attack/enterprise-aws.yaml): tag a listed technique, or list it there',
    );
    writeFileSync(join(dir, 'detections', 'log-group.yaml'), tagged('attack.t1562.008'));
    const accepted = lint();
    expect(accepted.stderr).toBe('');
    expect(accepted.status).toBe(0);
  });

  it('the bundled pack: every technique with a CloudTrail footprint is covered or says why not, and no rule is unproven', async () => {
    const loaded = loadRules([PACK]);
    const results = await runRuleTests(loaded.rules, loaded.intel, { background: coverageBackground });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const matrix = coverageMatrix(loadTechniques(), loaded.rules, results);
    expect(matrix.totals.unproven).toBe(0);
    for (const t of matrix.techniques) {
      if (t.status === 'gap')
        expect(t.gap, `${t.id} has a footprint, no rule and no gap reason`).toBeTruthy();
      // A gap reason on a covered technique is stale.
      if (t.status === 'covered')
        expect(t.gap, `${t.id} is covered but still carries a gap reason`).toBeUndefined();
    }
    expect(matrix.totals.covered / matrix.totals.withFootprint).toBeGreaterThanOrEqual(0.85);
    // The silent families of issue 17 are covered.
    const covered = new Set(matrix.techniques.filter((t) => t.status === 'covered').map((t) => t.id));
    for (const id of ['T1546', 'T1021.008', 'T1562.007', 'T1562.008', 'T1555.006', 'T1098.004', 'T1485.001'])
      expect(covered.has(id), id).toBe(true);
  });
});
