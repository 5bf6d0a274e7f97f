export interface InventoryOptions {
  resources: number;
  seed: number;
  variant?: number;
  account?: string;
  regions?: string[];
  cluster?: string;
  mix?: boolean;
}
export function prng(seed: number): () => number;
export function generateSnapshot(opts: InventoryOptions): {
  version: 1;
  collectedAt: string;
  scopes: unknown[];
  resources: unknown[];
};
export function writeSnapshotFile(path: string, opts: InventoryOptions): string;
