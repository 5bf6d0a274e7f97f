import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EvalStatus, Evaluation } from '../types.js';
import { interner } from '../util/intern.js';
import type { LoadedBundle } from './bundle.js';
import { BundleSetEvaluator, bundleParts, sortEvaluations, type EvalItem } from './evaluator.js';

export type { EvalItem } from './evaluator.js';

export interface EngineOptions {
  bundle: LoadedBundle;
  /** 1 = evaluate in this thread. Default: up to 4 workers for large inventories. */
  threads?: number;
  /** Resources per message to a worker. */
  chunkSize?: number;
}

export interface PolicyEngine {
  /** One evaluation per (resource, applicable rule), sorted by resource id then rule id. */
  evaluate(items: EvalItem[]): Promise<Evaluation[]>;
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

class Engine implements PolicyEngine {
  private local?: BundleSetEvaluator;
  private workers: Worker[] = [];
  private started = 0;
  private evaluated = 0;

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
    return items >= PARALLEL_THRESHOLD ? Math.min(4, availableParallelism()) : 1;
  }

  async evaluate(items: EvalItem[]): Promise<Evaluation[]> {
    const threads = this.threadCount(items.length);
    let result: Evaluation[];
    if (threads <= 1) result = await this.evaluateLocally(items);
    else {
      result = await this.evaluateInWorkers(items, threads);
      // A scan evaluates once: idle worker isolates (each with its own heap and wasm memory) held
      // through the storing phase would nearly double the scan's peak memory.
      await this.close();
    }
    this.evaluated += result.length;
    return sortEvaluations(result);
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

  private async evaluateInWorkers(items: EvalItem[], threads: number): Promise<Evaluation[]> {
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
    const chunks: EvalItem[][] = [];
    for (let i = 0; i < items.length; i += this.chunkSize) chunks.push(items.slice(i, i + this.chunkSize));
    const results: Evaluation[][] = new Array(chunks.length);
    let next = 0;
    const run = (worker: Worker) =>
      new Promise<void>((resolve, reject) => {
        const onError = (error: Error) =>
          cleanup(() => reject(new Error(`policy worker failed: ${error.message}`)));
        const onExit = (code: number) =>
          cleanup(() => reject(new Error(`policy worker exited with code ${code}`)));
        const onMessage = (m: { id: number; evaluations?: Evaluation[]; error?: string }) => {
          if (m.error !== undefined)
            return cleanup(() => reject(new Error(`policy evaluation failed: ${m.error}`)));
          results[m.id] = shared(m.evaluations!);
          dispatch();
        };
        const cleanup = (then: () => void) => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
          then();
        };
        const dispatch = () => {
          if (next >= chunks.length) return cleanup(resolve);
          const id = next++;
          worker.postMessage({ id, items: chunks[id] });
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onExit);
        dispatch();
      });
    try {
      await Promise.all(this.workers.slice(0, threads).map(run));
    } catch (error) {
      await this.close();
      throw error;
    }
    return results.flat();
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
  return new Engine(opts.bundle, opts.threads, opts.chunkSize ?? 1000);
}
