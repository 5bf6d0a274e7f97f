import { parentPort, workerData } from 'node:worker_threads';
import type { BundleManifest } from './bundle.js';
import { BundleSetEvaluator, type EvalItem } from './evaluator.js';

interface Job {
  id: number;
  items: EvalItem[];
}

const { parts } = workerData as { parts: { wasm: Uint8Array; manifest: BundleManifest }[] };
const evaluator = await BundleSetEvaluator.create(parts);

parentPort!.on('message', (job: Job) => {
  try {
    parentPort!.postMessage({ id: job.id, evaluations: evaluator.evaluate(job.items) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort!.postMessage({ ready: true });
