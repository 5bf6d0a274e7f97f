/**
 * Signal event summaries: per signal, a bounded summary of each of its earliest CloudTrail events
 * (JSON array of SignalEventSummary, written with the signal). NULL for signals raised before this
 * migration: their events were not recorded, and the console and CLI say so.
 */
export const sql = `
ALTER TABLE signals ADD COLUMN event_summaries TEXT;
`;
