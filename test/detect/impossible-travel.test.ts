import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distanceKm, GeoIp } from '../../src/detect/geo.js';
import { IntelLists } from '../../src/detect/intel.js';
import { parseCidr } from '../../src/detect/net.js';
import type { CloudTrailRecord } from '../../src/detect/record.js';
import { compileRuleTexts } from '../../src/detect/sigma.js';
import { minute, record, signalsOf } from './helpers.js';

// Addresses and where the bundled DB-IP City Lite database places them.
const LONDON = '81.2.69.142';
const LONDON_2 = '212.58.244.20';
const PARIS = '62.210.0.1'; // about 340 km from London
const MOSCOW = '5.255.255.5'; // about 2,500 km
const SYDNEY = '1.1.1.1'; // about 17,000 km
const LONDON_V6 = '2a00:1450:4009:81f::200e';

const RULE = (stance = '') => `title: Impossible travel
name: travel
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventType: AwsApiCall}
  condition: selection
level: high
stance: {method: impossible_travel${stance}}
`;

const ALICE = 'arn:aws:iam::111122223333:user/alice';
const call = (m: number, ip: string, identity: Record<string, unknown> = {}) =>
  record({
    eventTime: minute(m),
    sourceIPAddress: ip,
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAALICE',
      arn: ALICE,
      accountId: '111122223333',
      ...identity,
    },
  });
const role = (session: string) => ({
  type: 'AssumedRole',
  principalId: `AROAEXAMPLE:${session}`,
  arn: `arn:aws:sts::111122223333:assumed-role/Deploy/${session}`,
});

const run = (events: CloudTrailRecord[], text = RULE(), intel = new IntelLists(), db = ':memory:') =>
  signalsOf(text, events, { file: 'travel.yml', intel, db });

describe('impossible travel', () => {
  it('places addresses with the bundled offline database', () => {
    const geo = new GeoIp();
    expect(geo.locate(LONDON)).toMatchObject({ city: 'London', country: 'GB' });
    expect(geo.locate(SYDNEY)).toMatchObject({ city: 'Sydney', country: 'AU' });
    expect(geo.locate(LONDON_V6)).toMatchObject({ country: 'GB' });
    for (const unknown of ['10.0.0.1', '203.0.113.10', 'ec2.amazonaws.com', 'AWS Internal', '', '999.1.1.1'])
      expect(geo.locate(unknown)).toBeUndefined();
    const km = distanceKm(geo.locate(LONDON)!, geo.locate(SYDNEY)!);
    expect(km).toBeGreaterThan(16_900);
    expect(km).toBeLessThan(17_100);
  });

  it('raises a signal for London then Sydney 30 minutes later, naming both places and the speed', async () => {
    const signals = await run([call(0, LONDON), call(30, SYDNEY)]);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ ruleId: 'travel', group: { identity: ALICE }, severity: 'high' });
    expect(signals[0]!.notes.join()).toMatch(
      /London, GB \(81\.2\.69\.142\).*-> Sydney, AU \(1\.1\.1\.1\).*: 16,9\d\d km in 30 min \(33,9\d\d km\/h\)/,
    );
  });

  it('stays quiet for plausible journeys and short hops', async () => {
    expect(await run([call(0, LONDON), call(30, PARIS)])).toEqual([]); // under the minimum distance
    expect(await run([call(0, LONDON), call(4 * 60, MOSCOW)])).toEqual([]); // about 630 km/h
    expect(await run([call(0, LONDON), call(60, MOSCOW)])).toHaveLength(1); // about 2,500 km/h
    expect(await run([call(0, LONDON), call(1, LONDON_2), call(2, LONDON_V6)])).toEqual([]);
    // beyond the horizon (default a day) events are not compared
    expect(await run([call(0, LONDON), call(25 * 60, SYDNEY)])).toEqual([]);
  });

  it('compares only consecutive events of the same identity: a user, or a role and its session', async () => {
    expect(
      await run([call(0, LONDON), call(30, SYDNEY, { arn: 'arn:aws:iam::111122223333:user/bob' })]),
    ).toEqual([]);
    expect(await run([call(0, LONDON, role('ci-1')), call(30, SYDNEY, role('ci-2'))])).toEqual([]);
    const same = await run([call(0, LONDON, role('ci-1')), call(30, SYDNEY, role('ci-1'))]);
    expect(same.map((s) => s.group)).toEqual([
      { identity: 'arn:aws:sts::111122223333:assumed-role/Deploy/ci-1' },
    ]);
    // no ARN in the record: the issuing role and the session part of the principal id
    const issued = {
      arn: undefined,
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLE:ops',
      sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/Ops' } },
    };
    expect((await run([call(0, LONDON, issued), call(30, SYDNEY, issued)])).map((s) => s.group)).toEqual([
      { identity: 'arn:aws:iam::111122223333:role/Ops/ops' },
    ]);
  });

  it('excludes calls made by AWS services', async () => {
    expect(
      await run([call(0, LONDON), call(30, SYDNEY, { invokedBy: 'cloudformation.amazonaws.com' })]),
    ).toEqual([]);
    expect(await run([call(0, LONDON), call(30, SYDNEY, { type: 'AWSService', arn: ALICE })])).toEqual([]);
    expect(await run([call(0, LONDON), call(30, 'cloudformation.amazonaws.com')])).toEqual([]);
  });

  it('ignores allow-listed VPN egress, by inline CIDR or by intel list label', async () => {
    expect(await run([call(0, LONDON), call(30, SYDNEY)], RULE(', allow: [1.1.1.0/24]'))).toEqual([]);
    const intel = new IntelLists();
    intel.add('vpn-egress', [parseCidr('1.1.1.1')!]);
    expect(await run([call(0, LONDON), call(30, SYDNEY)], RULE(', allow: [vpn-egress]'), intel)).toEqual([]);
    // the allow-list applies to the address, not to the identity: a third place still counts
    expect(
      await run([call(0, LONDON), call(30, SYDNEY), call(40, MOSCOW)], RULE(', allow: [vpn-egress]'), intel),
    ).toHaveLength(1);
  });

  it('compares by event time, whatever the delivery order, and across runs', async () => {
    expect(await run([call(30, SYDNEY), call(0, LONDON)])).toHaveLength(1);
    const db = join(mkdtempSync(join(tmpdir(), 'stance-travel-')), 's.db');
    expect(await run([call(0, LONDON)], RULE(), new IntelLists(), db)).toEqual([]);
    expect(await run([call(30, SYDNEY)], RULE(), new IntelLists(), db)).toHaveLength(1);
  });

  it('is idempotent without event-id checks: re-reading the same events (or a part of them) changes nothing', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'stance-travel-')), 's.db');
    const events = [
      call(0, LONDON),
      call(30, SYDNEY),
      call(40, MOSCOW),
      ...Array.from({ length: 20 }, (_, i) => call(60 + i, MOSCOW)),
    ];
    const first = await run(events, RULE(), new IntelLists(), db);
    expect(first).toHaveLength(1);
    expect(first[0]!.count).toBe(2);
    for (const again of [events, events.slice(0, 2), [events[1]!, events[0]!]]) {
      const signals = await run(again, RULE(), new IntelLists(), db);
      expect(signals.map((s) => [s.id, s.count, s.eventIds])).toEqual(
        first.map((s) => [s.id, s.count, s.eventIds]),
      );
    }
  });

  it('honours max-speed and min-distance, and refuses bad settings with the key named', async () => {
    expect(await run([call(0, LONDON), call(60, MOSCOW)], RULE(', max-speed: 3000'))).toEqual([]);
    expect(await run([call(0, LONDON), call(5, PARIS)], RULE(', min-distance: 100'))).toHaveLength(1);
    const errors = (stance: string) =>
      compileRuleTexts([{ file: 'bad.yml', text: RULE(stance) }]).errors.join('\n');
    expect(errors(', max-speed: fast')).toMatch(/bad\.yml.*stance\.max-speed: expected a positive number/);
    expect(errors(', allow: ["not a cidr!"]')).toMatch(
      /stance\.allow: "not a cidr!" is neither a CIDR nor an intel list label/,
    );
    expect(errors(', group-by: [sourceIPAddress]')).toMatch(/impossible_travel groups by identity/);
  });
});
