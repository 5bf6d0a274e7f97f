import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../src/detect/engine.js';
import { compileRuleTexts } from '../../src/detect/sigma.js';
import { openStore, type Store } from '../../src/store/index.js';
import { minute, record } from './helpers.js';

const RULES = `title: API call
name: api-call
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventType: AwsApiCall}
  condition: selection
---
title: Calls from one address
name: calls-per-address
correlation: {type: event_count, rules: [api-call], group-by: [sourceIPAddress], timespan: 10m, condition: {gte: 50}}
---
title: Travel
name: travel
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventType: AwsApiCall}
  condition: selection
stance: {method: impossible_travel, max-speed: 1000, min-distance: 500, horizon: 1h}
`;

const LONDON = { lat: 51.5, lon: -0.12, city: 'London', country: 'GB' };

/** One call of its own role session and address each minute, for `count` minutes. */
function sessions(count: number) {
  return Array.from({ length: count }, (_, i) =>
    record({
      eventTime: minute(i),
      sourceIPAddress: `198.51.${Math.floor(i / 250)}.${i % 250}`,
      userIdentity: {
        type: 'AssumedRole',
        principalId: `AROAEXAMPLE:session-${i}`,
        arn: `arn:aws:sts::111122223333:assumed-role/app/session-${i}`,
        accountId: '111122223333',
      },
    }),
  );
}

/** Groups and identities the engine holds in memory (its private state, read for the test). */
function held(engine: DetectionEngine): { groups: number; identities: number } {
  const compiled = engine['local']!['compiled'] as unknown as {
    windows?: { groups: Map<string, unknown> };
    travel?: { identities: Map<string, unknown> };
  }[];
  let groups = 0;
  let identities = 0;
  for (const c of compiled) {
    groups += c.windows?.['groups'].size ?? 0;
    identities += c.travel?.['identities'].size ?? 0;
  }
  return { groups, identities };
}

describe('detection state while a run reads', () => {
  let dir: string | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    store = dir = undefined;
  });

  it('holds only recent correlation groups and travel identities, not every one of a long input', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stance-engine-state-'));
    store = await openStore(join(dir, 'stance.db'));
    const { rules } = compileRuleTexts([{ file: 'rules.yaml', text: RULES }]);
    const engine = await DetectionEngine.start(store, rules, { geo: { locate: () => LONDON } });
    // 2,000 sessions and addresses over 33 hours: each group and identity is seen once.
    for (const r of sessions(2000)) {
      const pending = engine.process({
        record: r,
        time: Date.parse(r.eventTime),
        where: { file: 't', line: 1, index: 0 },
      });
      if (pending) await pending;
    }
    const state = held(engine);
    // The span (10 minutes) or horizon (1 hour), the allowed lateness (2 hours) and one sweep
    // interval (1 hour) of events, at one a minute: a few hundred at most.
    expect(state.groups).toBeLessThan(400);
    expect(state.identities).toBeLessThan(400);
    const summary = await engine.finish();
    expect(summary.matched).toBe(2000);
    expect(summary.newSignals).toEqual([]);
  });
});
