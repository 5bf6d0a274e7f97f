/**
 * Signal lifecycle: states open, acknowledged, resolved, false_positive (archived signals become
 * resolved, their archive time the resolution), each change kept in `signal_history` with who,
 * when and a note; `archived_at` now holds when a signal was closed. Suppressions: rule, identity
 * and IP range with a reason and an expiry; removal marks the row (kept for audit); hits count the
 * events they silenced.
 */
export const sql = `
UPDATE signals SET status = 'resolved' WHERE status = 'archived';

CREATE TABLE signal_history (
  id INTEGER PRIMARY KEY,
  signal_id INTEGER NOT NULL REFERENCES signals(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  at INTEGER NOT NULL,
  by TEXT,
  note TEXT
);
CREATE INDEX signal_history_by_signal ON signal_history(signal_id, at);
INSERT INTO signal_history (signal_id, state, at, by, note)
  SELECT id, 'resolved', archived_at, NULL, 'archived' FROM signals WHERE status = 'resolved' AND archived_at IS NOT NULL;

CREATE TABLE suppressions (
  id INTEGER PRIMARY KEY,
  rule_id TEXT,
  identity TEXT,
  cidr TEXT,
  reason TEXT NOT NULL,
  author TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  removed_at INTEGER,
  removed_by TEXT,
  hits INTEGER NOT NULL DEFAULT 0,
  last_hit_at INTEGER
);
`;
