import type { SqliteContext } from './context.js';

/** A finding's rowid in finding_search: resource key × 2^20 + rule key. */
export const RULE_KEY_BITS = 1048576;

/**
 * Brings finding_search up to date with the findings queued in finding_search_dirty by the triggers
 * of migration 011 (each entry dropped and, while its finding exists with a message, indexed again),
 * then empties the queue. Must run inside a write transaction; returns how many keys were queued.
 */
export function drainFindingSearch(ctx: SqliteContext): number {
  const queued = (ctx.sql('SELECT count(*) AS n FROM finding_search_dirty').get() as { n: number }).n;
  if (queued === 0) return 0;
  ctx.sql('DELETE FROM finding_search WHERE rowid IN (SELECT rowid FROM finding_search_dirty)').run();
  ctx
    .sql(
      `INSERT INTO finding_search (rowid, message)
       SELECT d.rowid, f.message FROM finding_search_dirty d
       JOIN findings f ON f.resource_key = d.rowid / ${RULE_KEY_BITS} AND f.rule_key = d.rowid % ${RULE_KEY_BITS}
       WHERE f.message <> ''`,
    )
    .run();
  ctx.sql('DELETE FROM finding_search_dirty').run();
  return queued;
}
