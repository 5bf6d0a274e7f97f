/**
 * Detection: signals gain a title, the reason for a raised severity and an archive time; processed
 * CloudTrail event ids (de-duplication across sources and runs) and source checkpoints get tables.
 * Rule state (correlation windows, learned values, baselines) lives in `detect_state`.
 */
export const sql = `
ALTER TABLE signals ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE signals ADD COLUMN reason TEXT;
ALTER TABLE signals ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signals ADD COLUMN archived_at INTEGER;
CREATE INDEX signals_by_rule_group ON signals(rule_id, group_key, last_seen);
CREATE INDEX signals_by_status ON signals(status, last_seen);

CREATE TABLE detect_events (
  event_id TEXT PRIMARY KEY,
  event_time INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX detect_events_by_time ON detect_events(event_time);

CREATE TABLE detect_checkpoints (
  source TEXT NOT NULL,
  key TEXT NOT NULL,
  etag TEXT NOT NULL,
  last_modified INTEGER NOT NULL,
  processed_at INTEGER NOT NULL,
  PRIMARY KEY (source, key)
) WITHOUT ROWID;
CREATE INDEX detect_checkpoints_by_time ON detect_checkpoints(source, last_modified);
`;
