import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EvalStatus, Evaluation } from '../types.js';
import { interner } from '../util/intern.js';
import type { LoadedBundle } from './bundle.js';
import { BundleSetEvaluator, bundleParts, sortEvaluations, type EvalItem } from './evaluator.js';
import type { GroupWindow } from './group-window.js';

export type { EvalItem } from './evaluator.js';

export interface EngineOptions {
  bundle: LoadedBundle;
  /** 1 = evaluate in this thread. Default for large inventories: a worker per core but one (the recording thread's), up to 4. */
  threads?: number;
  /** Resources per message to a worker (default 500). */
  chunkSize?: number;
}

export interface PolicyEngine {
  /** One evaluation per (resource, applicable rule), sorted by resource id then rule id. */
  evaluate(items: EvalItem[]): Promise<Evaluation[]>;
  /**
   * Evaluates several groups in one go, each group's verdicts as `evaluate` gives them, settling
   * in group order as each group is done: a caller can record one group while the workers go on
   * with the next, as far ahead as `window` admits. Optional (an engine without it is given all
   * items at once).
   */
  evaluateGroups?(groups: EvalItem[][], window?: GroupWindow): Promise<Evaluation[]>[];
  stats(): { workersStarted: number; evaluations: number };
  close(): Promise<void>;
}

/** Below this many resources, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 2000;

/**
 * A worker's young generation (MB). V8's default lets each isolate keep tens of MB of short-lived
 * garbage (input copies, wasm result JSON) between collections; a worker keeps little alive, so a
 * small one costs no measurable time and took ~70 MB off the peak of two workers (bench/k8s.mjs).
 */
const WORKER_YOUNG_GENERATION_MB = 6;

function spawnWorker(workerData: unknown): Worker {
  const options = { workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } };
  // Compiled, this module runs from dist/*.js. Under the test runner it runs from src/*.ts, and the
  // worker registers tsx's loader before importing the TypeScript worker module.
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), options);
  const source = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Chunks a worker holds at once. One: while the main thread records a scope, a worker that is done
 * waits for its next chunk instead of running ahead. Two kept it busy, but under load the verdicts
 * evaluated ahead piled up beside the live workers: 490–528 MB peak against 461 MB with one chunk
 * of 500 resources (bench/k8s.mjs, 20k objects, load ~20).
 */
const CHUNKS_PER_WORKER = 1;

/** A promise settled from outside. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // settled while nobody waits (the caller stopped early): not an unhandled rejection
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

class Engine implements PolicyEngine {
  private local?: BundleSetEvaluator;
  private workers: Worker[] = [];
  private started = 0;
  private evaluated = 0;
  /** Evaluations run one after another: the workers serve one at a time. */
  private previous: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bundle: LoadedBundle,
    private readonly threads: number | undefined,
    private readonly chunkSize: number,
  ) {}

  stats() {
    return { workersStarted: this.started, evaluations: this.evaluated };
  }

  private threadCount(items: number): number {
    if (this.threads !== undefined) return this.threads;
    // A scan records each scope while the workers evaluate the next ones, so the main thread needs
    // a core of its own: on 2 cores, two workers beside it bought 2.6 s of 15.6 s for 60-130 MB
    // more peak memory (bench/k8s.mjs, 20k objects), and one worker was slower than none.
    return items >= PARALLEL_THRESHOLD ? Math.max(1, Math.min(4, availableParallelism() - 1)) : 1;
  }

  async evaluate(items: EvalItem[]): Promise<Evaluation[]> {
    const [result] = this.evaluateGroups([items]);
    return result!;
  }

  evaluateGroups(groups: EvalItem[][], window?: GroupWindow): Promise<Evaluation[]>[] {
    const settle: (ReturnType<typeof deferred<Evaluation[]>> | undefined)[] = groups.map(() =>
      deferred<Evaluation[]>(),
    );
    const promises = settle.map((s) => s!.promise);
    const deliver = (group: number, list: Evaluation[]) => {
      this.evaluated += list.length;
      settle[group]!.resolve(sortEvaluations(list));
      settle[group] = undefined; // the caller holds the verdicts, for as long as it needs them
    };
    const run = async () => {
      const threads = this.threadCount(groups.reduce((n, g) => n + g.length, 0));
      if (threads <= 1) {
        for (let i = 0; i < groups.length; i++) deliver(i, await this.evaluateLocally(groups[i]!));
        return;
      }
      try {
        await this.evaluateInWorkers(groups, threads, deliver, window);
      } finally {
        // A scan evaluates once: idle worker isolates (each with its own heap and wasm memory) held
        // through the rest of the storing phase would nearly double the scan's peak memory.
        await this.close();
      }
    };
    const done = this.previous.then(run).catch((error: unknown) => {
      const reason = error instanceof Error ? error : new Error(String(error));
      for (const s of settle) s?.reject(reason);
    });
    this.previous = done;
    return promises;
  }

  private async evaluateLocally(items: EvalItem[]): Promise<Evaluation[]> {
    this.local ??= await BundleSetEvaluator.create(bundleParts(this.bundle));
    return this.local.evaluate(items);
  }

  private async startWorkers(count: number): Promise<void> {
    while (this.workers.length < count) {
      const worker = spawnWorker({ parts: bundleParts(this.bundle) });
      await new Promise<void>((resolve, reject) => {
        const onMessage = (m: { ready?: boolean }) => {
          if (m.ready) {
            worker.off('error', reject);
            resolve();
          }
        };
        worker.once('message', onMessage);
        worker.once('error', reject);
      });
      this.workers.push(worker);
      this.started++;
    }
  }

  /** Calls `deliver` once per group, as soon as every chunk of it is evaluated. */
  private async evaluateInWorkers(
    groups: EvalItem[][],
    threads: number,
    deliver: (group: number, evaluations: Evaluation[]) => void,
    window: GroupWindow | undefined,
  ): Promise<void> {
    await this.startWorkers(threads);
    // Verdicts come back from a worker as copies, each id, status and message a string of its own:
    // hundreds of thousands of duplicates of a few thousand strings, held until the scan is stored.
    const intern = interner();
    const shared = (list: Evaluation[]) => {
      for (const e of list) {
        e.resourceId = intern(e.resourceId);
        e.ruleId = intern(e.ruleId);
        e.status = intern(e.status) as EvalStatus;
        e.message = intern(e.message);
      }
      return list;
    };
    // A chunk never spans two groups, so a group is done when its own chunks are.
    const chunks: { group: number; items: EvalItem[] }[] = [];
    const chunksOf: number[][] = groups.map(() => []);
    groups.forEach((items, group) => {
      for (let i = 0; i < items.length; i += this.chunkSize) {
        chunksOf[group]!.push(chunks.length);
        chunks.push({ group, items: items.slice(i, i + this.chunkSize) });
      }
    });
    const results: (Evaluation[] | undefined)[] = new Array(chunks.length);
    const pending = chunksOf.map((ids) => ids.length);
    let delivered = 0;
    const deliverReady = () => {
      for (; delivered < groups.length && pending[delivered] === 0; delivered++) {
        const ids = chunksOf[delivered]!;
        deliver(
          delivered,
          ids.flatMap((id) => results[id]!),
        );
        for (const id of ids) results[id] = undefined;
      }
    };
    deliverReady();
    let next = 0;
    const run = (worker: Worker) =>
      new Promise<void>((resolve, reject) => {
        let inFlight = 0;
        const onError = (error: Error) =>
          cleanup(() => reject(new Error(`policy worker failed: ${error.message}`)));
        const onExit = (code: number) =>
          cleanup(() => reject(new Error(`policy worker exited with code ${code}`)));
        const onMessage = (m: { id: number; evaluations?: Evaluation[]; error?: string }) => {
          if (m.error !== undefined)
            return cleanup(() => reject(new Error(`policy evaluation failed: ${m.error}`)));
          inFlight--;
          const { group } = chunks[m.id]!;
          results[m.id] = shared(m.evaluations!);
          pending[group]!--;
          chunks[m.id] = { group, items: [] };
          deliverReady();
          dispatch();
        };
        const cleanup = (then: () => void) => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
          then();
        };
        const dispatch = () => {
          while (inFlight < CHUNKS_PER_WORKER && next < chunks.length) {
            if (window && !window.admits(chunks[next]!.group)) {
              // idle until the caller moves on; a worker with a chunk out comes back on its answer
              if (inFlight === 0) window.onChange(dispatch);
              return;
            }
            const id = next++;
            inFlight++;
            try {
              worker.postMessage({ id, items: chunks[id]!.items });
            } catch (error) {
              // an item that cannot be sent (called from a message handler: reject, never throw)
              return cleanup(() =>
                reject(new Error(`policy evaluation failed: ${(error as Error).message}`)),
              );
            }
          }
          if (inFlight === 0) cleanup(resolve);
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onExit);
        dispatch();
      });
    await Promise.all(this.workers.slice(0, threads).map(run));
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export async function createEngine(opts: EngineOptions): Promise<PolicyEngine> {
  if (opts.threads !== undefined && (!Number.isInteger(opts.threads) || opts.threads < 1)) {
    throw new Error(`threads must be a positive integer, got ${opts.threads}`);
  }
  return new Engine(opts.bundle, opts.threads, opts.chunkSize ?? 500);
}
