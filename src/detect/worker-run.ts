/**
 * Runs a detection run's evaluation in a worker thread whose young generation is capped. V8 grows
 * the young generation of a busy isolate up to 3× its starting size under a long run's allocation
 * rate (every event parsed is garbage a moment later), and the main thread cannot cap its own after
 * start-up: in a worker, peak RSS stays flat from 100k to 1M events (bench/RESULTS.md). The store
 * stays here: the worker asks for de-duplication checks and hands over signal additions, one
 * request at a time (it waits for each answer, so nothing queues up on either side), and sends what
 * the commit writes at the end; this thread commits as an in-thread run does.
 */
import { Worker } from 'node:worker_threads';
import { InputError, StanceError } from '../errors.js';
import type { DetectionEngine } from './engine.js';
import type { TimeLimit } from './record.js';
import { packOrigin, type DetectionRule, type PackOrigin } from './sigma.js';
import { FileSource, type EventSource, type FilePlan } from './sources.js';
import type { FromWorker, ToWorker, WorkerError, WorkerEvaluation, WorkerInput } from './worker-protocol.js';

/**
 * The worker's young generation (MB; V8 splits it into two semi-spaces and a large-object space).
 * A 4 MB semi-space (`--max-semi-space-size=4`, a 12 MB young generation) held the full pack's
 * growth from 100k to 1M events to +9% at the same CPU per event; V8's default lets it grow to 48.
 */
export const DETECTION_WORKER_YOUNG_GENERATION_MB = 12;

/**
 * Below this many bytes of input files, a run evaluates in-thread: starting a worker (and compiling
 * the pack again there, ~0.3 s of CPU) costs more than the young generation it saves.
 */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/** Where a run evaluates: `auto` (a worker for large file inputs), always in a worker, or in this thread. */
export type DetectThread = 'auto' | 'worker' | 'inline';

/** The files a worker would read for these sources and packs, or why it cannot. */
function planFor(
  sources: readonly EventSource[],
  packs: readonly DetectionRule[][],
): { plan: FilePlan; bytes: number } | { why: string } {
  const plan: FilePlan = { files: [], listing: [] };
  let bytes = 0;
  for (const source of sources) {
    if (!(source instanceof FileSource)) return { why: `the ${source.name} source is read in-thread` };
    if (source.plan.files.includes('-')) return { why: 'standard input is read in-thread' };
    plan.files.push(...source.plan.files);
    plan.listing.push(...source.plan.listing);
    bytes += source.bytes();
  }
  for (const rules of packs) {
    const origins = new Set(rules.map(packOrigin));
    if (origins.size !== 1 || origins.has(undefined))
      return { why: 'the rules were not compiled from one pack of rule texts' };
  }
  return { plan, bytes };
}

/**
 * The files to evaluate in a worker, or undefined to evaluate in-thread. `worker` insists: an
 * input a worker cannot read (standard input, S3, LookupEvents; rules not compiled from texts) is
 * an error then.
 */
export function workerPlan(
  sources: readonly EventSource[],
  packs: readonly DetectionRule[][],
  thread: DetectThread = 'auto',
): FilePlan | undefined {
  if (thread === 'inline') return undefined;
  const found = planFor(sources, packs);
  if ('why' in found) {
    if (thread === 'worker') throw new Error(`detection cannot run in a worker: ${found.why}`);
    return undefined;
  }
  return thread === 'worker' || found.bytes >= WORKER_MIN_BYTES ? found.plan : undefined;
}

function spawn(input: WorkerInput): Worker {
  const options = {
    workerData: input,
    resourceLimits: { maxYoungGenerationSizeMb: DETECTION_WORKER_YOUNG_GENERATION_MB },
  };
  // Compiled, this module runs from dist/*.js. Under the test runner it runs from src/*.ts, and the
  // worker registers tsx's loader before importing the TypeScript worker module.
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./worker-entry.js', import.meta.url), options);
  const source = new URL('./worker-entry.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** An error from the worker as the same kind of error an in-thread run throws (its stack kept for --debug). */
function rebuilt(e: WorkerError): Error {
  const error: Error & { code?: string } =
    e.exitCode === 2 ? new InputError(e.message) : new Error(e.message);
  if (e.exitCode !== 2) error.name = e.name;
  if (e.code !== undefined) error.code = e.code;
  if (e.stack) error.stack = e.stack;
  return error;
}

export interface WorkerEvaluationOptions {
  limit: TimeLimit;
  until?: Date;
  onProblem?: (line: string) => void;
  onProgress?: (event: { phase: string; done: number; ended?: boolean }) => void;
  signal?: AbortSignal;
}

/**
 * Evaluates the planned files in a worker for each engine (its rules, from its pack's texts).
 * Resolves with what each engine's `finish` commits; rejects with the worker's error (as an
 * in-thread run would throw it), a store error met answering it, or the abort signal's reason.
 */
export function evaluateInWorker(
  runs: readonly { engine: DetectionEngine; rules: DetectionRule[] }[],
  plan: FilePlan,
  opts: WorkerEvaluationOptions,
): Promise<WorkerEvaluation> {
  opts.signal?.throwIfAborted();
  const input: WorkerInput = {
    runs: runs.map(({ engine, rules }) => {
      const origin = packOrigin(rules[0]!) as PackOrigin;
      return {
        pack: { sources: origin.sources, intel: origin.intel.entries() },
        ruleIds: rules.map((r) => r.id),
        setup: engine.setup,
      };
    }),
    plan,
    limit: opts.limit,
    until: opts.until?.getTime(),
  };
  const worker = spawn(input);
  return new Promise<WorkerEvaluation>((resolve, reject) => {
    let settled = false;
    const settle = (then: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      then();
    };
    const fail = (error: unknown) => settle(() => reject(error));
    const onAbort = () => fail(opts.signal!.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const answer = (id: number, work: Promise<unknown>) =>
      work.then(
        (result) => {
          if (!settled) worker.postMessage({ id, result } satisfies ToWorker);
        },
        // A store error ends the run here, as it would in-thread.
        fail,
      );
    worker.on('message', (m: FromWorker) => {
      if (settled) return;
      switch (m.type) {
        case 'check':
          return void answer(
            m.id,
            Promise.resolve().then(() => runs[m.run]!.engine.link.check(m.ids)),
          );
        case 'add':
          return void answer(
            m.id,
            Promise.resolve().then(() => runs[m.run]!.engine.bookRemote(m.additions)),
          );
        case 'problem':
          return opts.onProblem?.(m.line);
        case 'progress':
          return opts.onProgress?.({ phase: 'reading events', done: m.done });
        case 'error':
          return fail(rebuilt(m.error));
        case 'done': {
          const { outcomes, events, afterUntil, skipped, filesWithProblems, youngGenerationMb } = m;
          opts.onProgress?.({ phase: 'reading events', done: events, ended: true });
          return settle(() =>
            resolve({ outcomes, events, afterUntil, skipped, filesWithProblems, youngGenerationMb }),
          );
        }
      }
    });
    worker.on('error', (error: Error & { code?: string }) =>
      fail(
        new StanceError(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'detection worker ran out of memory'
            : `detection worker failed: ${error.message}`,
          4,
        ),
      ),
    );
    worker.on('exit', (code) => fail(new StanceError(`detection worker exited with code ${code}`, 4)));
  });
}
