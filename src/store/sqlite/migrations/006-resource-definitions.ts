/**
 * A resource's identity is its id and its definition (docs/decisions/0005): manifests that define
 * the same object in several files (overlays) are kept apart by source file. `resource_id` stops
 * being unique on its own, which SQLite can only change by rebuilding the table (foreign keys are
 * off while migrations run, so the rows keep their ids and every reference stays valid). Existing
 * rows get their source file, or "" for resources read from a cluster or a cloud API.
 */
export const sql = `
CREATE TABLE resources_rebuilt (
  id INTEGER PRIMARY KEY,
  resource_id TEXT NOT NULL,
  definition TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  provider TEXT NOT NULL,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  scope_id INTEGER NOT NULL REFERENCES scopes(id),
  tags TEXT NOT NULL,
  source_file TEXT,
  source_line INTEGER,
  first_seen INTEGER NOT NULL,
  deleted_at INTEGER,
  config_hash TEXT NOT NULL
);
INSERT INTO resources_rebuilt (id, resource_id, definition, type, provider, account, region, name, scope_id, tags,
                               source_file, source_line, first_seen, deleted_at, config_hash)
  SELECT id, resource_id, ifnull(source_file, ''), type, provider, account, region, name, scope_id, tags,
         source_file, source_line, first_seen, deleted_at, config_hash
  FROM resources;
DROP TABLE resources;
ALTER TABLE resources_rebuilt RENAME TO resources;
CREATE UNIQUE INDEX resources_identity ON resources(resource_id, definition);
CREATE INDEX resources_by_scope ON resources(scope_id) WHERE deleted_at IS NULL;
CREATE INDEX resources_by_type ON resources(type);
CREATE INDEX resources_deleted ON resources(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX resources_by_config ON resources(config_hash);
`;
