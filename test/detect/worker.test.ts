import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTrail } from '../../bench/lib/cloudtrail.mjs';
import { bundledDetectionsDir } from '../../src/api/detect.js';
import { stateKeys } from '../../src/detect/evaluator.js';
import { replayPacks } from '../../src/detect/replay.js';
import { runDetection, type DetectRunResult } from '../../src/detect/run.js';
import { loadRules, type DetectionRule } from '../../src/detect/sigma.js';
import { FileSource } from '../../src/detect/sources.js';
import { DETECTION_WORKER_YOUNG_GENERATION_MB, WORKER_MIN_BYTES } from '../../src/detect/worker-run.js';
import { StoreError } from '../../src/store/errors.js';
import { openStore, type Store } from '../../src/store/index.js';
import { record } from './helpers.js';

const NOW = Date.UTC(2026, 5, 1);
const clock = () => NOW;

let dir: string;
let pack: DetectionRule[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stance-detect-worker-'));
  pack = loadRules([bundledDetectionsDir()]).rules;
  generateTrail(join(dir, 'trail'), 8000, 8000);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything a run committed, without row ids and wall-clock times. */
async function committed(store: Store, rules: DetectionRule[]) {
  const signals = (await store.signals.list({})).map((s) => ({
    ruleId: s.ruleId,
    group: s.group,
    severity: s.severity,
    status: s.status,
    count: s.count,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    eventIds: s.eventIds,
    resourceIds: s.resourceIds,
    notes: s.notes,
    title: s.title,
    reason: s.reason,
    mitre: s.mitre,
  }));
  signals.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  const state = await store.detection.readState(['watermark', ...stateKeys(rules)]);
  return { signals, state: Object.fromEntries(state) };
}

async function run(
  paths: string[],
  thread: 'worker' | 'inline' | undefined,
  problems: string[] = [],
): Promise<{ result: DetectRunResult; stored: Awaited<ReturnType<typeof committed>> }> {
  const store = await openStore(':memory:');
  try {
    const result = await runDetection(store, [new FileSource(paths)], pack, {
      now: clock,
      thread,
      onProblem: (line) => problems.push(line),
    });
    return { result, stored: await committed(store, pack) };
  } finally {
    await store.close();
  }
}

/** The summary of a run, without what differs by thread (the signal rows are compared as stored). */
function summary(r: DetectRunResult) {
  const { newSignals, reopenedSignals, evaluation, ...rest } = r;
  return {
    ...rest,
    newSignals: newSignals.length,
    reopenedSignals: reopenedSignals.length,
    evaluation: evaluation.thread,
  };
}

describe('detection in a worker thread', () => {
  it('evaluates in a worker with a capped young generation and commits what an in-thread run commits', async () => {
    const trail = join(dir, 'trail');
    const inline = await run([trail], 'inline');
    const worker = await run([trail], 'worker');
    expect(inline.result.evaluation).toEqual({ thread: 'inline' });
    expect(worker.result.evaluation).toEqual({
      thread: 'worker',
      youngGenerationMb: DETECTION_WORKER_YOUNG_GENERATION_MB,
    });
    expect(worker.result.events).toBe(8000);
    expect(worker.stored.signals.length).toBeGreaterThan(5);
    expect(worker.stored).toEqual(inline.stored);
    expect({ ...summary(worker.result), evaluation: 'same' }).toEqual({
      ...summary(inline.result),
      evaluation: 'same',
    });
  }, 120_000);

  it('is chosen for files of WORKER_MIN_BYTES or more, not for small inputs', async () => {
    const big = join(dir, 'big.jsonl');
    const padding = 'x'.repeat(1500);
    const lines: string[] = [];
    for (let i = 0; lines.length * 1700 < WORKER_MIN_BYTES + 100_000; i++)
      lines.push(JSON.stringify(record({ requestParameters: { padding } })));
    writeFileSync(big, lines.join('\n') + '\n');
    const small = join(dir, 'small.jsonl');
    writeFileSync(small, lines.slice(0, 10).join('\n') + '\n');
    expect((await run([big], undefined)).result.evaluation.thread).toBe('worker');
    expect((await run([small], undefined)).result.evaluation.thread).toBe('inline');
  }, 120_000);

  it('reports bad input met in the worker with its location, as in-thread, and reads on', async () => {
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify(record({ eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' })),
        '{"eventID": "broken", ',
        JSON.stringify({ ...record(), eventTime: 'yesterday' }),
        JSON.stringify(record({ eventName: 'DeleteTrail', eventSource: 'cloudtrail.amazonaws.com' })),
      ].join('\n') + '\n',
    );
    const inlineProblems: string[] = [];
    const workerProblems: string[] = [];
    const inline = await run([file], 'inline', inlineProblems);
    const worker = await run([file], 'worker', workerProblems);
    expect(worker.result.evaluation.thread).toBe('worker');
    expect(workerProblems).toEqual([
      `${file}:2: record 1: invalid JSON: the record is not complete`,
      `${file}:3: record 2: eventTime "yesterday" is not a date`,
    ]);
    expect(workerProblems).toEqual(inlineProblems);
    expect(worker.result.skipped).toBe(2);
    expect(worker.result.filesWithProblems).toBe(1);
    expect(worker.result.events).toBe(2);
    expect(worker.stored).toEqual(inline.stored);
    expect(worker.stored.signals.map((s) => s.ruleId)).toEqual(
      expect.arrayContaining(['aws-ct-cloudtrail-stop-logging']),
    );
  }, 60_000);

  it('replays both packs in one worker with the same counts as in-thread', async () => {
    const trail = join(dir, 'trail');
    const candidate = pack.filter((r) => !r.id.includes('console'));
    const replay = (thread: 'worker' | 'inline') =>
      replayPacks(
        [new FileSource([trail])],
        { candidate, current: pack },
        {
          now: clock,
          since: new Date(Date.UTC(2026, 2, 3)),
          until: new Date(Date.UTC(2026, 2, 9)),
          thread,
        },
      );
    const inline = await replay('inline');
    const worker = await replay('worker');
    expect(worker.rows.length).toBeGreaterThan(0);
    expect(worker.beforeSince).toBeGreaterThan(0);
    expect(worker.afterUntil).toBeGreaterThan(0);
    expect(worker).toEqual(inline);
  }, 120_000);

  // Linux: reading /proc/self/mem fails with EIO.
  it.skipIf(!existsSync('/proc/self/mem'))(
    'an error met reading in the worker fails the run as in-thread, with the same one-line message; nothing is stored',
    async () => {
      // Reading /proc/self/mem fails with EIO: not bad input, an error of the run.
      const failures: unknown[] = [];
      for (const thread of ['inline', 'worker'] as const) {
        const store = await openStore(':memory:');
        try {
          failures.push(
            await runDetection(store, [new FileSource(['/proc/self/mem'])], pack, {
              now: clock,
              thread,
            }).catch((e: unknown) => e),
          );
          expect(await store.signals.list({})).toEqual([]);
        } finally {
          await store.close();
        }
      }
      const [inline, worker] = failures as (Error & { code?: string })[];
      expect(inline).toBeInstanceOf(Error);
      expect(worker).toBeInstanceOf(Error);
      expect(worker!.message).toBe(inline!.message);
      expect(worker!.message).toBe('EIO: i/o error, read');
      expect(worker!.code).toBe('EIO');
    },
    60_000,
  );

  it('a store error met answering the worker fails the run with that error and stores nothing', async () => {
    const trail = join(dir, 'trail');
    const store = await openStore(':memory:');
    try {
      let checks = 0;
      const startEventLog = store.detection.startEventLog.bind(store.detection);
      store.detection.startEventLog = async () => {
        const log = await startEventLog();
        return {
          check: (ids) => {
            if (++checks === 5) throw new StoreError('unavailable', 'database went away');
            return log.check(ids);
          },
          close: () => log.close(),
        };
      };
      const failed = await runDetection(store, [new FileSource([trail])], pack, {
        now: clock,
        thread: 'worker',
      }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(StoreError);
      expect((failed as Error).message).toBe('database went away');
      expect(await store.signals.list({})).toEqual([]);
      expect((await store.detection.readState(['watermark'])).size).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('an aborted run stops its worker, rejects with the reason and stores nothing', async () => {
    const store = await openStore(':memory:');
    try {
      const controller = new AbortController();
      const progress: number[] = [];
      const failed = await runDetection(store, [new FileSource([join(dir, 'trail')])], pack, {
        now: clock,
        thread: 'worker',
        signal: controller.signal,
        onProgress: ({ done }) => {
          progress.push(done);
          if (done >= 2000) controller.abort(new Error('stopped by the test'));
        },
      }).catch((e: unknown) => e);
      expect((failed as Error).message).toBe('stopped by the test');
      expect(progress.slice(0, 2)).toEqual([1000, 2000]);
      expect(await store.signals.list({})).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
