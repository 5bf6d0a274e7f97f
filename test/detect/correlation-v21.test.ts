import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/detect/record.js';
import { compileRuleTexts } from '../../src/detect/sigma.js';
import { minute, record, signalsOf } from './helpers.js';

/**
 * The examples of the Sigma correlation rules specification v2.1.0, each run over events that meet
 * it and a near miss that does not. The correlation sections are the specification's; the base rules
 * read CloudTrail-shaped records carrying the example's fields (Stance only loads aws/cloudtrail rules).
 */
const base = (name: string, selection: string) => `title: ${name}
name: ${name}
logsource: {product: aws, service: cloudtrail}
detection:
  selection: ${selection}
  condition: selection
`;

const run = (text: string, events: CloudTrailRecord[]) => signalsOf(text, events, { file: 'spec.yml' });

const ev = (m: number, fields: Record<string, unknown>) => record({ eventTime: minute(m), ...fields });
const seconds = (s: number) =>
  new Date(Date.UTC(2026, 2, 2, 10) + s * 1000).toISOString().replace('.000Z', 'Z');

describe('Sigma correlation v2.1: the specification examples', () => {
  it('event_count: 100 failed logins to one host within an hour', async () => {
    const text = `${base('failed', '{EventID: 4625}')}---
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - failed
    group-by:
        - ComputerName
    timespan: 1h
    condition:
        gte: 100
`;
    const hits = (n: number, host: string) =>
      Array.from({ length: n }, (_, i) => ev(i * 0.5, { EventID: 4625, ComputerName: host }));
    const signals = await run(text, [...hits(100, 'dc1'), ...hits(99, 'dc2')]);
    expect(signals.map((s) => [s.ruleId, s.group, s.count])).toEqual([
      ['0e95725d-7320-415d-80f7-004da920fc11', { ComputerName: 'dc1' }, 100],
    ]);
  });

  it('value_count: 100 distinct users per source and destination within a day', async () => {
    const text = `${base('failed', '{EventID: 4625}')}---
title: Failed login
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules:
        - failed
    group-by:
        - ComputerName
        - WorkstationName
    timespan: 1d
    condition:
        field: User
        gte: 100
`;
    const tries = (users: number, host: string) =>
      Array.from({ length: 150 }, (_, i) =>
        ev(i, { EventID: 4625, ComputerName: host, WorkstationName: 'ws1', User: `u${i % users}` }),
      );
    const signals = await run(text, [...tries(100, 'dc1'), ...tries(99, 'dc2')]);
    expect(signals.map((s) => s.group)).toEqual([{ ComputerName: 'dc1', WorkstationName: 'ws1' }]);
  });

  it('value_count with several fields counts their combinations (AND)', async () => {
    const text = `${base('failed', '{EventID: 4625}')}---
title: Pairs
id: pairs
correlation: {type: value_count, rules: [failed], group-by: [ComputerName], timespan: 1h, condition: {field: [User, Domain], gte: 3}}
`;
    const pairs = (list: [string, string][]) =>
      list.map(([User, Domain], i) => ev(i, { EventID: 4625, ComputerName: 'dc1', User, Domain }));
    expect(
      await run(
        text,
        pairs([
          ['a', 'x'],
          ['a', 'y'],
          ['b', 'x'],
        ]),
      ),
    ).toHaveLength(1);
    expect(
      await run(
        text,
        pairs([
          ['a', 'x'],
          ['a', 'x'],
          ['b', 'x'],
        ]),
      ),
    ).toHaveLength(0);
  });

  it('temporal: three recon commands in any order within 5 minutes on one system by one user', async () => {
    const text = `${base('recon_cmd_a', '{cmd: whoami}')}---
${base('recon_cmd_b', '{cmd: hostname}')}---
${base('recon_cmd_c', '{cmd: ipconfig}')}---
title: Recon
id: recon
correlation:
    type: temporal
    rules:
        - recon_cmd_a
        - recon_cmd_b
        - recon_cmd_c
    group-by:
        - ComputerName
        - User
    timespan: 5m
`;
    const at = (m: number, cmd: string, User = 'bob') => ev(m, { cmd, ComputerName: 'pc', User });
    expect(await run(text, [at(0, 'ipconfig'), at(1, 'whoami'), at(4, 'hostname')])).toHaveLength(1);
    // too slow, or not all by the same user
    expect(await run(text, [at(0, 'ipconfig'), at(1, 'whoami'), at(6, 'hostname')])).toHaveLength(0);
    expect(await run(text, [at(0, 'ipconfig'), at(1, 'whoami'), at(2, 'hostname', 'eve')])).toHaveLength(0);
  });

  it('temporal_ordered: the rules must follow each other in the order given', async () => {
    const text = `${base('first', '{step: 1}')}---
${base('second', '{step: 2}')}---
${base('third', '{step: 3}')}---
title: In order
id: ordered
correlation: {type: temporal_ordered, rules: [first, second, third], group-by: [User], timespan: 1h}
`;
    const at = (m: number, step: number) => ev(m, { step, User: 'bob' });
    expect(await run(text, [at(0, 1), at(5, 2), at(9, 3)])).toHaveLength(1);
    // a step before its predecessor does not count; the later repeat does
    expect(await run(text, [at(0, 2), at(5, 1), at(9, 3)])).toHaveLength(0);
    expect(await run(text, [at(0, 2), at(5, 1), at(9, 3), at(10, 2), at(11, 3)])).toHaveLength(1);
    // plain temporal accepts any order
    expect(
      await run(text.replace('temporal_ordered', 'temporal'), [at(0, 3), at(5, 2), at(9, 1)]),
    ).toHaveLength(1);
  });

  it('temporal_ordered with events delivered out of order still follows event time', async () => {
    const text = `${base('first', '{step: 1}')}---
${base('second', '{step: 2}')}---
title: In order
id: ordered
correlation: {type: temporal_ordered, rules: [first, second], group-by: [User], timespan: 1h}
`;
    const at = (m: number, step: number) => ev(m, { step, User: 'bob' });
    expect(await run(text, [at(5, 2), at(0, 1)])).toHaveLength(1);
    expect(await run(text, [at(0, 2), at(5, 1)])).toHaveLength(0);
  });

  it('value_sum: more than 1,000,000 bytes sent per source and user within an hour', async () => {
    const text = `${base('website_access', '{kind: web}')}---
title: Possible Exfiltration to Website
id: exfil
correlation:
    type: value_sum
    rules:
        - website_access
    group-by:
        - SourceIP
        - User
    timespan: 1h
    condition:
        field: bytes_sent
        gt: 1000000
`;
    const sent = (m: number, bytes: unknown, User = 'bob') =>
      ev(m, { kind: 'web', SourceIP: '10.0.0.5', User, bytes_sent: bytes });
    const signals = await run(text, [sent(0, 600000), sent(10, '400001'), sent(20, 1, 'eve')]);
    expect(signals.map((s) => [s.group, s.count])).toEqual([[{ SourceIP: '10.0.0.5', User: 'bob' }, 2]]);
    // exactly the limit is not more than it; outside the hour it does not add up
    expect(await run(text, [sent(0, 600000), sent(10, 400000)])).toHaveLength(0);
    expect(await run(text, [sent(0, 600000), sent(61, 400001)])).toHaveLength(0);
    // a value that is not a number is not summed
    expect(await run(text, [sent(0, 600000), sent(10, 'lots'), sent(11, 400000)])).toHaveLength(0);
  });

  it('value_avg: average bytes out above 500 per source and user within a day', async () => {
    const text = `${base('rule_a_id', '{kind: net}')}---
title: Suspicious average network traffic
id: avg
correlation:
    type: value_avg
    rules:
        - rule_a_id
    group-by:
        - SourceIP
        - User
    timespan: 24h
    condition:
        field: BytesOut
        gt: 500
`;
    const out = (m: number, BytesOut: number) =>
      ev(m, { kind: 'net', SourceIP: '10.0.0.5', User: 'bob', BytesOut });
    expect(await run(text, [out(0, 400), out(60, 700)])).toHaveLength(1); // 550
    expect(await run(text, [out(0, 400), out(60, 600)])).toHaveLength(0); // 500
    // a float threshold
    const half = text.replace('gt: 500', 'gt: 499.5');
    expect(await run(half, [out(0, 400), out(60, 600)])).toHaveLength(1);
  });

  it('value_percentile: a process name seen in at most 1% of a computer’s processes within a day', async () => {
    const text = `${base('process_creation', '{kind: proc}')}---
title: A computer spawned a processes name in the last 24h than 1% of all the processes.
id: rare
correlation:
    type: value_percentile
    rules:
        - process_creation
    group-by:
        - ComputerName
    timespan: 24h
    condition:
        field: image
        lte: 1
`;
    const proc = (m: number, image: string) => ev(m, { kind: 'proc', ComputerName: 'pc', image });
    const common = Array.from({ length: 150 }, (_, i) => proc(i, i % 2 ? 'svchost.exe' : 'explorer.exe'));
    const signals = await run(text, [...common, proc(200, 'mimikatz.exe')]);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.count).toBe(1);
    // among 50 processes, 1 of 51 (2%) is not rare enough; nor is a common name
    expect(await run(text, [...common.slice(0, 50), proc(200, 'mimikatz.exe')])).toHaveLength(0);
    expect(await run(text, [...common, proc(200, 'svchost.exe')])).toHaveLength(0);
  });

  it('conditions: neq, and a range written as two criteria', async () => {
    const rules = (condition: string) => `${base('failed', '{EventID: 4625}')}---
title: Counted
id: counted
correlation: {type: event_count, rules: [failed], group-by: [ComputerName], timespan: 1h, condition: ${condition}}
`;
    const hits = (n: number) =>
      Array.from({ length: n }, (_, i) => ev(i, { EventID: 4625, ComputerName: 'dc1' }));
    // a range: 3 to 4 events; the windows ending at the 3rd and 4th hold, the 5th does not
    const ranged = await run(rules('{gt: 2, lte: 4}'), hits(5));
    expect(ranged.map((s) => s.count)).toEqual([4]);
    expect(await run(rules('{gt: 2, lte: 4}'), hits(2))).toHaveLength(0);
    expect((await run(rules('{neq: 1}'), hits(2))).map((s) => s.count)).toEqual([2]);
    expect(await run(rules('{neq: 1}'), hits(1))).toHaveLength(0);
    expect((await run(rules('{eq: 2}'), hits(2))).map((s) => s.count)).toEqual([2]);
  });

  it('aliases: an address that is the destination in one rule’s events and the source in the other’s', async () => {
    const text = `title: internal_error
name: internal_error
logsource: {product: aws, service: cloudtrail}
detection:
    selection:
        http.response.status_code: 500
    condition: selection
---
title: new_network_connection
name: new_network_connection
logsource: {product: aws, service: cloudtrail}
detection:
    selection:
        event.category: network
        event.type: connection
        event.outcome: success
    condition: selection
---
title: Error then connection
id: aliased
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
`;
    const error = (s: number, src: string, dst: string) =>
      record({
        eventTime: seconds(s),
        http: { response: { status_code: 500 } },
        source: { ip: src },
        destination: { ip: dst },
      });
    const connection = (s: number, src: string, dst: string) =>
      record({
        eventTime: seconds(s),
        event: { category: 'network', type: 'connection', outcome: 'success' },
        source: { ip: src },
        destination: { ip: dst },
      });
    const signals = await run(text, [
      error(0, '203.0.113.7', '10.0.0.2'),
      connection(5, '10.0.0.2', '203.0.113.7'),
    ]);
    expect(signals.map((s) => s.group)).toEqual([{ internal_ip: '10.0.0.2', remote_ip: '203.0.113.7' }]);
    // the same addresses in the same fields of both events are not the aliased relation
    expect(
      await run(text, [error(0, '203.0.113.7', '10.0.0.2'), connection(5, '203.0.113.7', '10.0.0.2')]),
    ).toEqual([]);
    expect(
      await run(text, [error(0, '203.0.113.7', '10.0.0.2'), connection(11, '10.0.0.2', '203.0.113.7')]),
    ).toEqual([]);
  });

  it('the full example: multiple failed logins followed by a successful login (a chain)', async () => {
    const text = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
description: Detects multiple failed logins by a single user followed by a successful login of that user
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
falsepositives:
    - Unlikely
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
description: Detects multiple failed logins within a certain amount of time
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
description: Detects a successful login
name: successful_login
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
`;
    const login = (s: number, EventID: number, User = 'bob') =>
      record({ eventTime: seconds(s), EventID, User });
    const failures = (n: number, User = 'bob') =>
      Array.from({ length: n }, (_, i) => login(i * 10, 4625, User));
    const signals = await run(text, [...failures(10), login(200, 4624)]);
    // only the outermost correlation raises signals
    expect(signals.map((s) => [s.ruleId, s.group, s.severity])).toEqual([
      ['b180ead8-d58f-40b2-ae54-c8940995b9b6', { User: 'bob' }, 'high'],
    ]);
    // nine failures; a success before the failures; another user's success; too late
    expect(await run(text, [...failures(9), login(200, 4624)])).toEqual([]);
    expect(
      await run(text, [
        login(0, 4624),
        ...failures(10).map((r, i) => ({ ...r, eventTime: seconds(10 + i * 10) })),
      ]),
    ).toEqual([]);
    expect(await run(text, [...failures(10), login(200, 4624, 'eve')])).toEqual([]);
    expect(await run(text, [...failures(10), login(90 + 601, 4624)])).toEqual([]);
  });

  it('refuses what v2.1 does not define, naming the rule and the key', () => {
    const refused = (correlation: string) =>
      compileRuleTexts([
        {
          file: 'bad.yml',
          text: `${base('a', '{x: 1}')}---\ntitle: C\nid: c\ncorrelation: ${correlation}\n`,
        },
      ]).errors.join('\n');
    expect(
      refused('{type: value_median, rules: [a], group-by: [u], timespan: 1h, condition: {field: f, gt: 1}}'),
    ).toMatch(/bad\.yml.*value_median.*not supported/);
    expect(refused('{type: value_sum, rules: [a], group-by: [u], timespan: 1h, condition: {gt: 1}}')).toMatch(
      /value_sum needs a field/,
    );
    expect(
      refused(
        '{type: value_avg, rules: [a], group-by: [u], timespan: 1h, condition: {field: [f, g], gt: 1}}',
      ),
    ).toMatch(/takes one field/);
    expect(
      refused('{type: event_count, rules: [a], group-by: [u], timespan: 1h, condition: {gt: many}}'),
    ).toMatch(/condition\.gt: expected a number/);
    expect(
      refused('{type: event_count, rules: [a], group-by: [u], timespan: 1h, condition: {between: 1}}'),
    ).toMatch(/'between' is not supported/);
    expect(
      refused('{type: temporal, rules: [a], group-by: [ip], timespan: 1h, aliases: {ip: {nope: source.ip}}}'),
    ).toMatch(/alias ip names rule\(s\) the correlation does not reference: nope/);
  });

  it('refuses a chain of correlations that refers back to itself', () => {
    const text = `${base('a', '{x: 1}')}---
title: X
name: x
correlation: {type: temporal, rules: [a, y], group-by: [u], timespan: 1h}
---
title: Y
name: y
correlation: {type: temporal, rules: [x], group-by: [u], timespan: 1h}
`;
    const loaded = compileRuleTexts([{ file: 'loop.yml', text }]);
    expect(loaded.errors.join('\n')).toMatch(/loop\.yml: rule x: correlation chain refers back to itself/);
    expect(loaded.rules.map((r) => r.id)).toEqual(['a']);
  });
});
