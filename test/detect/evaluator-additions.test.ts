import { describe, expect, it } from 'vitest';
import { RuleEvaluator, type EvaluatorLink } from '../../src/detect/evaluator.js';
import { compileRuleTexts } from '../../src/detect/sigma.js';
import type { SignalAddition } from '../../src/detect/signals.js';
import { minute, record, STOP_LOGGING_RULE } from './helpers.js';

const RULES = `${STOP_LOGGING_RULE}---
title: Trail deleted
name: trail
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: DeleteTrail}
  condition: selection
---
title: New region
name: region
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: DeleteTrail}
  condition: selection
stance: {method: new_value, fields: [awsRegion], learning: 0s, expire: 30d, max-values: 3}
---
title: Stops by one identity
name: stops
correlation: {type: event_count, rules: [stop], group-by: [userIdentity.arn], timespan: 10m, condition: {gte: 2}}
`;

async function additionsOf(records: ReturnType<typeof record>[]): Promise<SignalAddition[]> {
  const loaded = compileRuleTexts([{ file: 'rules.yml', text: RULES }]);
  expect(loaded.errors).toEqual([]);
  const added: SignalAddition[] = [];
  const link: EvaluatorLink = {
    check: async (ids) => ids.map(() => true),
    add: async (additions) => void added.push(...additions),
  };
  const start = Date.parse(minute(-60));
  const evaluator = new RuleEvaluator(
    loaded.rules,
    {
      state: new Map(),
      suppressions: [],
      startWatermark: start,
      latenessMs: 3600_000,
      notAfter: start + 86_400_000,
    },
    link,
  );
  for (const r of records)
    await evaluator.process({
      record: r,
      time: Date.parse(r.eventTime),
      where: { file: 'x', line: 1, index: 0 },
    });
  await evaluator.outcome();
  return added;
}

/** The shape of the additions each rule kind books: a key is there only with a value (no `note: undefined`). */
describe('RuleEvaluator signal additions', () => {
  it('carry the same keys for every rule kind, summary and note only when there is one', async () => {
    const stop = (m: number) =>
      record({ eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com', eventTime: minute(m) });
    const first = stop(0);
    const second = stop(1);
    const trail = record({
      eventName: 'DeleteTrail',
      eventSource: 'cloudtrail.amazonaws.com',
      eventTime: minute(2),
    });
    const added = await additionsOf([first, second, trail]);
    const shape = (a: SignalAddition) => [a.rule.id, a.eventId, Object.keys(a).sort().join(',')];
    const plain = 'eventId,group,groupKey,resources,rule,summary,t';
    expect(added.map(shape)).toEqual([
      // `stop` feeds the correlation, so it raises nothing itself; the correlation raises with both
      // counted events, the earlier one's summary kept from when it was counted
      ['stops', second.eventID, plain],
      ['stops', first.eventID, plain],
      ['trail', trail.eventID, plain],
      ['region', trail.eventID, `eventId,group,groupKey,note,resources,rule,summary,t`],
    ]);
    const corr = added.filter((a) => a.rule.id === 'stops');
    expect(corr.map((a) => a.summary?.id)).toEqual([second.eventID, first.eventID]);
    expect(corr[0]!.group).toEqual({ 'userIdentity.arn': 'arn:aws:iam::111122223333:user/alice' });
    expect(added.at(-1)!.note).toBe('first awsRegion us-east-1 for 111122223333');
  });
});
