/** `stance demo`: the bundled sample environment (a fictional AWS account and Kubernetes cluster), scanned. */
import { demoEnvironmentFile } from '../paths.js';
import type { Store } from '../store/index.js';
import { loadSnapshot } from './collect.js';
import type { LongCallOptions } from './progress.js';
import { scan, type ScanResult } from './scan.js';

export interface DemoResult {
  scan: ScanResult;
  /** The sample's AWS accounts and Kubernetes clusters. */
  accounts: string[];
  clusters: string[];
}

/** Scans the sample environment into the store (a second run reports no changes). */
export async function demo(store: Store, opts: LongCallOptions = {}): Promise<DemoResult> {
  const collection = await loadSnapshot(demoEnvironmentFile());
  const result = await scan(store, collection, { command: 'demo', ...opts });
  const ids = (provider: string) => [
    ...new Set(collection.scopes.filter((s) => s.scope.provider === provider).map((s) => s.scope.account)),
  ];
  return { scan: result, accounts: ids('aws'), clusters: ids('k8s') };
}
