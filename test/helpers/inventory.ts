/** The benchmarks' deterministic inventory generator, shared with the tests. */
export {
  generateSnapshot,
  prng,
  writeSnapshotFile,
  type InventoryOptions,
} from '../../bench/lib/inventory.mjs';
