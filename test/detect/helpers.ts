import { expect } from 'vitest';
import { DetectionEngine } from '../../src/detect/engine.js';
import { IntelLists } from '../../src/detect/intel.js';
import type { CloudTrailRecord } from '../../src/detect/record.js';
import { compileRuleTexts } from '../../src/detect/sigma.js';
import type { Signal } from '../../src/detect/signals.js';
import type { EventSource, SourceEvent } from '../../src/detect/sources.js';
import { openStore } from '../../src/store/index.js';

let n = 0;
/** A realistic CloudTrail record; fields can be overridden. */
export function record(
  overrides: Partial<CloudTrailRecord> & Record<string, unknown> = {},
): CloudTrailRecord {
  n++;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      userName: 'alice',
    },
    eventTime: '2026-03-02T10:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: null,
    responseElements: null,
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...overrides,
  } as CloudTrailRecord;
}

export const minute = (m: number, base = Date.UTC(2026, 2, 2, 10)) =>
  new Date(base + m * 60_000).toISOString().replace('.000Z', 'Z');

/**
 * The `i`-th failed console sign-in of alice's from 198.51.100.66, at `eventTime`; its id is
 * derived from `i` (the same `i`, the same event). Fields can be overridden.
 */
export const failedSignIn = (
  i: number,
  eventTime: string,
  overrides: Partial<CloudTrailRecord> & Record<string, unknown> = {},
): CloudTrailRecord =>
  record({
    eventTime,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    sourceIPAddress: '198.51.100.66',
    userAgent: 'Mozilla/5.0',
    responseElements: { ConsoleLogin: 'Failure' },
    eventID: `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`,
    eventType: 'AwsConsoleSignIn',
    ...overrides,
  });

/** A one-selection Sigma rule several tests share: CloudTrail logging stopped. */
export const STOP_LOGGING_RULE = `title: Stop logging
name: stop
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: StopLogging}
  condition: selection
level: medium
`;

/** A failed console sign-in rule (`failed`), the base of the brute-force correlations several tests share. */
export const FAILED_SIGN_IN_RULE = `title: Failed sign-in
name: failed
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: ConsoleLogin, responseElements.ConsoleLogin: Failure}
  condition: selection
`;

/** Records as an event source, in order (where: list, line = position + 1). */
export class ListSource implements EventSource {
  readonly name = 'list';
  constructor(private readonly records: CloudTrailRecord[]) {}
  async *events(): AsyncGenerator<SourceEvent> {
    for (const [i, r] of this.records.entries())
      yield { record: r, time: Date.parse(r.eventTime), where: { file: 'list', line: i + 1, index: i } };
  }
}

/**
 * Compiles one rule file's text (it must load without errors), runs the records through a
 * DetectionEngine on the store at `db` (default: a fresh one in memory) and returns its signals.
 */
export async function signalsOf(
  text: string,
  records: CloudTrailRecord[],
  opts: { file?: string; intel?: IntelLists; db?: string } = {},
): Promise<Signal[]> {
  const loaded = compileRuleTexts([{ file: opts.file ?? 'rules.yml', text }], opts.intel ?? new IntelLists());
  expect(loaded.errors).toEqual([]);
  const store = await openStore(opts.db ?? ':memory:');
  try {
    const engine = await DetectionEngine.start(store, loaded.rules, { now: () => Date.UTC(2027, 0, 1) });
    for (const [i, r] of records.entries())
      await engine.process({
        record: r,
        time: Date.parse(r.eventTime),
        where: { file: 'e', line: i + 1, index: i },
      });
    await engine.finish();
    return (await store.signals.list()) as Signal[];
  } finally {
    await store.close();
  }
}
