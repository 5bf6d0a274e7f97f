/**
 * The web console: API tokens (the secret only as a SHA-256 hash), login sessions (the id only as
 * a hash; they end with their token), the audit of writes, and full-text search over resource ids,
 * names and finding messages (FTS5 trigram indexes; rowid of a finding's entry: resource key × 2^20 +
 * rule key). Resource names are indexed by triggers. Finding messages are not: a scan writes tens of
 * thousands of them, and indexing each inside the scan's transaction cost it about a quarter of its
 * time, so the triggers on findings only queue the changed key in finding_search_dirty and the
 * console's search (and prune) brings finding_search up to date before it reads it. (Not INSERT OR
 * IGNORE: the conflict policy of the scan's upsert would override it inside the trigger.)
 */
export const sql = `
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('viewer','editor')),
  hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  last_used_at INTEGER,
  revoked_at INTEGER,
  revoked_by TEXT
);

CREATE TABLE console_sessions (
  id_hash TEXT PRIMARY KEY,
  token_id INTEGER NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX console_sessions_by_token ON console_sessions(token_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  via TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log(at);

CREATE VIRTUAL TABLE resource_search USING fts5(resource_id, name, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO resource_search (rowid, resource_id, name) SELECT id, resource_id, name FROM resources;
CREATE TRIGGER resource_search_insert AFTER INSERT ON resources BEGIN
  INSERT INTO resource_search (rowid, resource_id, name) VALUES (new.id, new.resource_id, new.name);
END;
CREATE TRIGGER resource_search_update AFTER UPDATE OF resource_id, name ON resources BEGIN
  DELETE FROM resource_search WHERE rowid = old.id;
  INSERT INTO resource_search (rowid, resource_id, name) VALUES (new.id, new.resource_id, new.name);
END;
CREATE TRIGGER resource_search_delete AFTER DELETE ON resources BEGIN
  DELETE FROM resource_search WHERE rowid = old.id;
END;

CREATE VIRTUAL TABLE finding_search USING fts5(message, content='', contentless_delete=1, tokenize='trigram');
INSERT INTO finding_search (rowid, message) SELECT resource_key * 1048576 + rule_key, message FROM findings WHERE message <> '';
CREATE TABLE finding_search_dirty (rowid INTEGER PRIMARY KEY);
CREATE TRIGGER finding_search_insert AFTER INSERT ON findings WHEN new.message <> '' BEGIN
  INSERT INTO finding_search_dirty (rowid) SELECT new.resource_key * 1048576 + new.rule_key
    WHERE NOT EXISTS (SELECT 1 FROM finding_search_dirty WHERE rowid = new.resource_key * 1048576 + new.rule_key);
END;
CREATE TRIGGER finding_search_update AFTER UPDATE OF message ON findings WHEN new.message IS NOT old.message BEGIN
  INSERT INTO finding_search_dirty (rowid) SELECT old.resource_key * 1048576 + old.rule_key
    WHERE NOT EXISTS (SELECT 1 FROM finding_search_dirty WHERE rowid = old.resource_key * 1048576 + old.rule_key);
END;
CREATE TRIGGER finding_search_delete AFTER DELETE ON findings BEGIN
  INSERT INTO finding_search_dirty (rowid) SELECT old.resource_key * 1048576 + old.rule_key
    WHERE NOT EXISTS (SELECT 1 FROM finding_search_dirty WHERE rowid = old.resource_key * 1048576 + old.rule_key);
END;
`;
