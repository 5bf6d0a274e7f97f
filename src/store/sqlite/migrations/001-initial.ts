/** The first schema: scans, scopes, resources with versions, findings with status intervals. */
export const sql = `
CREATE TABLE scans (
  id INTEGER PRIMARY KEY,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL CHECK (status IN ('running','ok','partial','failed','interrupted')),
  bundle_version TEXT NOT NULL,
  command TEXT NOT NULL,
  pid INTEGER
);

CREATE TABLE scopes (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  account TEXT NOT NULL,
  region TEXT NOT NULL,
  service TEXT NOT NULL
);

CREATE TABLE scope_runs (
  id INTEGER PRIMARY KEY,
  scan_id INTEGER NOT NULL,
  scope_id INTEGER NOT NULL REFERENCES scopes(id),
  status TEXT NOT NULL CHECK (status IN ('ok','error')),
  error TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  resources INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scope_runs_by_scope_time ON scope_runs(scope_id, finished_at);
CREATE INDEX scope_runs_by_scan ON scope_runs(scan_id);
CREATE INDEX scope_runs_by_time ON scope_runs(finished_at);

CREATE TABLE rules (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL UNIQUE,
  severity TEXT NOT NULL,
  title TEXT NOT NULL
);

CREATE TABLE resources (
  id INTEGER PRIMARY KEY,
  resource_id TEXT NOT NULL UNIQUE,
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
CREATE INDEX resources_by_scope ON resources(scope_id) WHERE deleted_at IS NULL;
CREATE INDEX resources_by_type ON resources(type);
CREATE INDEX resources_deleted ON resources(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX resources_by_config ON resources(config_hash);

CREATE TABLE config_blobs (
  hash TEXT PRIMARY KEY,
  body BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE resource_versions (
  id INTEGER PRIMARY KEY,
  resource_key INTEGER NOT NULL REFERENCES resources(id),
  hash TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER,
  scan_id INTEGER NOT NULL
);
CREATE INDEX resource_versions_by_resource ON resource_versions(resource_key, valid_from);
CREATE INDEX resource_versions_closed ON resource_versions(valid_to) WHERE valid_to IS NOT NULL;
CREATE INDEX resource_versions_by_hash ON resource_versions(hash);

CREATE TABLE findings (
  resource_key INTEGER NOT NULL REFERENCES resources(id),
  rule_key INTEGER NOT NULL REFERENCES rules(id),
  status TEXT NOT NULL CHECK (status IN ('pass','fail','error')),
  message TEXT NOT NULL,
  since INTEGER NOT NULL,
  opened_scan INTEGER NOT NULL,
  PRIMARY KEY (resource_key, rule_key)
) WITHOUT ROWID;
CREATE INDEX findings_by_rule ON findings(rule_key, status);
CREATE INDEX findings_by_scan ON findings(opened_scan);

CREATE TABLE finding_history (
  id INTEGER PRIMARY KEY,
  resource_key INTEGER NOT NULL REFERENCES resources(id),
  rule_key INTEGER NOT NULL REFERENCES rules(id),
  status TEXT NOT NULL CHECK (status IN ('pass','fail','error')),
  message TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER,
  opened_scan INTEGER NOT NULL,
  closed_scan INTEGER,
  bundle_version TEXT NOT NULL,
  cause TEXT NOT NULL CHECK (cause IN ('new','config','bundle','rule'))
);
CREATE UNIQUE INDEX finding_history_open ON finding_history(resource_key, rule_key) WHERE valid_to IS NULL;
CREATE INDEX finding_history_by_pair ON finding_history(resource_key, rule_key, valid_from);
CREATE INDEX finding_history_from ON finding_history(valid_from);
CREATE INDEX finding_history_closed ON finding_history(valid_to) WHERE valid_to IS NOT NULL;

CREATE TABLE current_counts (
  rule_key INTEGER NOT NULL,
  account TEXT NOT NULL,
  pass INTEGER NOT NULL DEFAULT 0,
  fail INTEGER NOT NULL DEFAULT 0,
  error INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (rule_key, account)
) WITHOUT ROWID;

CREATE TABLE trend_daily (
  day TEXT NOT NULL,
  rule_key INTEGER NOT NULL,
  account TEXT NOT NULL,
  pass INTEGER NOT NULL,
  fail INTEGER NOT NULL,
  error INTEGER NOT NULL,
  PRIMARY KEY (day, rule_key, account)
) WITHOUT ROWID;

CREATE TABLE signals (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  severity TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  count INTEGER NOT NULL,
  event_ids TEXT NOT NULL DEFAULT '[]',
  resource_ids TEXT NOT NULL DEFAULT '[]',
  mitre TEXT NOT NULL DEFAULT '[]',
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX signals_by_last_seen ON signals(last_seen);

CREATE TABLE mutes (
  id INTEGER PRIMARY KEY,
  rule_id TEXT NOT NULL,
  resource_pattern TEXT,
  account TEXT,
  region TEXT,
  tag_key TEXT,
  tag_value TEXT,
  reason TEXT NOT NULL,
  author TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER
);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  created_at INTEGER NOT NULL,
  channel TEXT NOT NULL,
  payload TEXT NOT NULL,
  delivery_id TEXT NOT NULL UNIQUE,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER,
  last_error TEXT
);

CREATE TABLE detect_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
`;
