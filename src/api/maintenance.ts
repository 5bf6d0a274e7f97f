import { InputError } from '../errors.js';

export { cutoffFor } from '../store/index.js';
import { cutoffFor, parseRetention, type PruneResult, type Retention, type Store } from '../store/index.js';

/** A retention window (`15mo`, `400d`, `12w`, `2y`); anything else is an InputError. */
export function retentionWindow(text: string): Retention {
  try {
    return parseRetention(text);
  } catch (error) {
    throw new InputError(`--retention ${text}: ${(error as Error).message}`);
  }
}

/** Deletes closed history, old configuration versions and signals older than the retention window. */
export async function prune(
  store: Store,
  opts: { retention?: string | Retention; now?: Date } = {},
): Promise<{ olderThan: Date; deleted: PruneResult }> {
  const retention = typeof opts.retention === 'string' ? retentionWindow(opts.retention) : opts.retention;
  const olderThan = cutoffFor(opts.now ?? new Date(), retention);
  return { olderThan, deleted: await store.prune({ olderThan }) };
}
