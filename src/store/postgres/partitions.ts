import type { Db } from './context.js';

/**
 * Closed status intervals live in monthly partitions of `finding_closed`, by the UTC month of
 * `valid_to`: `finding_closed_y2026m01` holds the intervals that closed in January 2026. There is
 * no default partition, so a month's partition always exists before an interval closes in it:
 * the scope run that first closes one creates it (ensureClosedPartition) inside its transaction.
 */

export interface MonthPartition {
  name: string;
  /** Epoch milliseconds: the first instant of the month, and of the next. */
  from: number;
  to: number;
}

export function monthOf(ms: number): MonthPartition {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const from = Date.UTC(year, month, 1);
  const to = Date.UTC(year, month + 1, 1);
  const name = `finding_closed_y${String(year).padStart(4, '0')}m${String(month + 1).padStart(2, '0')}`;
  return { name, from, to };
}

/**
 * Creates the partition for the month of `at` unless it exists. The table is created on its own
 * and then attached, which takes only a SHARE UPDATE EXCLUSIVE lock on `finding_closed`: readers
 * ("as of", resource history) and writers of other partitions go on meanwhile. Creators are
 * serialised by an advisory lock (scope runs, the only writers of closed intervals, already are).
 */
export async function ensureClosedPartition(db: Db, at: number): Promise<void> {
  const month = monthOf(at);
  const exists = async () =>
    (
      await db.one<{ found: boolean }>(
        "SELECT to_regclass(format('%I.%I', current_schema(), $1::text)) IS NOT NULL AS found",
        [month.name],
      )
    )?.found === true;
  if (await exists()) return;
  await db.lock('partitions');
  if (await exists()) return;
  await db.exec(
    `CREATE TABLE ${month.name} (LIKE finding_closed INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
       CHECK (valid_to >= ${month.from} AND valid_to < ${month.to}))`,
  );
  await db.exec(
    `ALTER TABLE finding_closed ATTACH PARTITION ${month.name} FOR VALUES FROM (${month.from}) TO (${month.to})`,
  );
}

/** The partitions of `finding_closed`, oldest first, with their bounds read from their names. */
export async function closedPartitions(db: Db): Promise<MonthPartition[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     JOIN pg_namespace n ON n.oid = p.relnamespace
     WHERE p.relname = 'finding_closed' AND n.nspname = current_schema()`,
  );
  return rows
    .map((r) => /^finding_closed_y(\d{4})m(\d{2})$/.exec(r.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => monthOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)))
    .sort((a, b) => a.from - b.from);
}
