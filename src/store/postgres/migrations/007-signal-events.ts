/**
 * Signal event summaries, as SQLite's migration 012: per signal, a bounded summary of each of its
 * earliest CloudTrail events (JSON text, written with the signal); NULL for signals raised before.
 */
export const sql = `
ALTER TABLE signals ADD COLUMN IF NOT EXISTS event_summaries text;
`;
