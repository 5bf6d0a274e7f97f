import { sql as initial } from './001-initial.js';

/** Ordered schema migrations; `PRAGMA user_version` is the number applied. Append, never edit. */
export const MIGRATIONS: readonly string[] = [initial];
