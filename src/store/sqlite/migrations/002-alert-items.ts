/**
 * Alert items: status changes worth announcing, written in the same transaction as the changes,
 * then grouped into one outbox message per scan and route when the scan finishes.
 */
export const sql = `
CREATE TABLE alert_items (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL,
  route TEXT NOT NULL,
  item TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX alert_items_by_scan ON alert_items(scan_id, route);
ALTER TABLE outbox ADD COLUMN scan_id INTEGER;
ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
`;
