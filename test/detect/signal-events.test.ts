import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_EVENT_SUMMARIES, summariseEvent } from '../../src/detect/event-summary.js';
import type { CloudTrailRecord } from '../../src/detect/record.js';
import { runDetection } from '../../src/detect/run.js';
import { FileSource } from '../../src/detect/sources.js';
import { compileRuleTexts } from '../../src/detect/sigma.js';
import { openStore, type Signal } from '../../src/store/index.js';
import { FAILED_SIGN_IN_RULE, ListSource, minute, record, STOP_LOGGING_RULE } from './helpers.js';

const RULES = `${FAILED_SIGN_IN_RULE}---
title: Brute force
name: brute
correlation: {type: event_count, rules: [failed], group-by: [sourceIPAddress], timespan: 10m, condition: {gte: 3}}
level: high
---
${STOP_LOGGING_RULE}`;

const CLOCK = () => Date.UTC(2026, 5, 1);

async function detect(
  db: string,
  records: CloudTrailRecord[],
  thread?: 'worker' | 'inline',
): Promise<Signal[]> {
  const store = await openStore(db);
  try {
    const rules = compileRuleTexts([{ file: 'rules.yaml', text: RULES }]).rules;
    // A thread is only chosen for file inputs: the records then go through a JSONL file.
    let source: ListSource | FileSource = new ListSource(records);
    if (thread) {
      const file = join(mkdtempSync(join(tmpdir(), 'stance-signal-events-input-')), 'trail.jsonl');
      writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      source = new FileSource([file]);
    }
    const result = await runDetection(store, [source], rules, { now: CLOCK, ...(thread ? { thread } : {}) });
    if (thread) expect(result.evaluation.thread).toBe(thread);
    const out: Signal[] = [];
    for (const s of await store.signals.list()) out.push((await store.signals.get(s.id))!);
    return out;
  } finally {
    await store.close();
  }
}

const stop = (m: number, over: Record<string, unknown> = {}) =>
  record({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    eventTime: minute(m),
    ...over,
  });

describe('signal event summaries', () => {
  it('keep who, what, where and the named resources; never bodies, secrets or tokens', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'FwoGZXIvYXdzEXAMPLETOKEN//////////wEaDEXAMPLE';
    const r = record({
      eventName: 'CreateAccessKey',
      userAgent: `aws-cli/2 ${'x'.repeat(5000)}`,
      userIdentity: {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice-session',
        principalId: 'AROAEXAMPLE:alice-session',
        accessKeyId: 'ASIAEXAMPLE1234567',
        sessionContext: { sessionToken: token },
      },
      errorCode: 'AccessDenied',
      requestParameters: {
        userName: 'bob',
        password: 'hunter2',
        policyDocument: '{"Statement":[]}',
        secretString: secret,
        bucketName: 'https://user:pw@example.com/path?q=1',
        instanceId: { nested: 'object' },
      },
      responseElements: { accessKey: { secretAccessKey: secret, sessionToken: token } },
    });
    const s = summariseEvent(r, Date.parse(r.eventTime));
    expect(s).toMatchObject({
      id: r.eventID,
      recorded: true,
      eventName: 'CreateAccessKey',
      identityType: 'AssumedRole',
      sessionName: 'alice-session',
      accessKeyId: 'ASIAEXAMPLE1234567',
      errorCode: 'AccessDenied',
      resources: { userName: 'bob', bucketName: 'https://example.com' },
    });
    expect(s.userAgent!.length).toBeLessThanOrEqual(200);
    const text = JSON.stringify(s);
    for (const leaked of [secret, token, 'hunter2', 'Statement', 'user:pw', 'nested'])
      expect(text).not.toContain(leaked);
    // A secret under the name of the access key id is not a key id: dropped.
    const forged = summariseEvent(
      record({ userIdentity: { type: 'IAMUser', accessKeyId: secret } }),
      Date.parse(r.eventTime),
    );
    expect(forged.accessKeyId).toBeNull();
    expect(JSON.stringify(forged)).not.toContain(secret);
  });

  it('are written with the signal, capped, kept across runs, and cover the earlier events of a correlation', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'stance-signal-events-')), 's.db');
    const failures = [0, 1, 2].map((m) =>
      record({
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventTime: minute(m),
        sourceIPAddress: '198.51.100.9',
        responseElements: { ConsoleLogin: 'Failure' },
      }),
    );
    const stops = Array.from({ length: MAX_EVENT_SUMMARIES + 10 }, (_, i) =>
      stop(100 + i, { requestParameters: { name: `trail-${i}` } }),
    );
    const first = await detect(db, [...failures, ...stops]);
    const brute = first.find((s) => s.ruleId === 'brute')!;
    expect(brute.events!.items.map((e) => [e.id, e.recorded, e.eventName])).toEqual(
      failures.map((f) => [f.eventID, true, 'ConsoleLogin']),
    );
    const stopped = first.find((s) => s.ruleId === 'stop')!;
    expect(stopped.events).toMatchObject({ recorded: true, note: null, total: MAX_EVENT_SUMMARIES + 10 });
    expect(stopped.events!.items).toHaveLength(MAX_EVENT_SUMMARIES);
    expect(stopped.events!.items[0]).toMatchObject({
      id: stops[0]!.eventID,
      time: new Date(Date.parse(stops[0]!.eventTime)).toISOString(),
      eventName: 'StopLogging',
      eventSource: 'cloudtrail.amazonaws.com',
      userName: 'alice',
      sourceIPAddress: '203.0.113.10',
      recipientAccountId: '111122223333',
      resources: { name: 'trail-0' },
    });

    // A later run continues the signal: an earlier event (by time) takes its place among the first ones.
    const early = stop(99, { requestParameters: { name: 'early' } });
    const second = await detect(db, [early]);
    const continued = second.find((s) => s.ruleId === 'stop')!;
    expect(continued.id).toBe(stopped.id);
    expect(continued.events!.total).toBe(MAX_EVENT_SUMMARIES + 11);
    expect(continued.events!.items.map((e) => e.resources.name)).toEqual([
      'early',
      ...stops.slice(0, MAX_EVENT_SUMMARIES - 1).map((_, i) => `trail-${i}`),
    ]);
    expect(continued.events!.items.every((e) => e.recorded)).toBe(true);
  });

  it('are the same when the events are evaluated in the detection worker thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stance-signal-events-'));
    const failures = [0, 1, 2, 3].map((m) =>
      record({
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        eventTime: minute(m),
        sourceIPAddress: '198.51.100.9',
        userIdentity: { type: 'IAMUser', userName: `user-${m}`, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
        responseElements: { ConsoleLogin: 'Failure' },
      }),
    );
    const stops = Array.from({ length: MAX_EVENT_SUMMARIES + 5 }, (_, i) =>
      stop(100 + i, { requestParameters: { name: `trail-${i}` } }),
    );
    const records = [...failures, ...stops];
    const events = (signals: Signal[]) =>
      signals
        .map((s) => ({ ruleId: s.ruleId, group: s.group, events: s.events }))
        .sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1));
    const inline = events(await detect(join(dir, 'inline.db'), records, 'inline'));
    const worker = events(await detect(join(dir, 'worker.db'), records, 'worker'));
    expect(worker).toEqual(inline);
    expect(worker.map((s) => s.ruleId)).toEqual(['brute', 'stop']);
    // The correlation's earlier events were summarised in the worker too (its recent-summaries cache).
    expect(worker[0]!.events!.items.map((e) => [e.recorded, e.userName])).toEqual(
      failures.map((_, m) => [true, `user-${m}`]),
    );
    expect(worker[1]!.events!.items).toHaveLength(MAX_EVENT_SUMMARIES);
    expect(worker[1]!.events!.items.every((e) => e.recorded)).toBe(true);
  });
});
