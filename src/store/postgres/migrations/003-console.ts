/**
 * The web console: API tokens (the secret only as a SHA-256 hash), login sessions (the id only as
 * a hash; they end with their token), the audit of writes, and trigram indexes (pg_trgm, a
 * trusted extension of PostgreSQL's contrib) for full-text search over resource ids, names and
 * finding messages. The extension may already live in another schema: its operator class is
 * named with that schema.
 */
export const sql = `
CREATE TABLE api_tokens (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('viewer','editor')),
  hash text NOT NULL UNIQUE,
  created_at bigint NOT NULL,
  created_by text,
  last_used_at bigint,
  revoked_at bigint,
  revoked_by text
);

CREATE TABLE console_sessions (
  id_hash text PRIMARY KEY,
  token_id bigint NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX console_sessions_by_token ON console_sessions (token_id);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  actor text NOT NULL,
  via text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  detail jsonb NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$
DECLARE ops text;
BEGIN
  SELECT quote_ident(n.nspname) || '.gin_trgm_ops' INTO ops
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
  EXECUTE format('CREATE INDEX resources_name_trgm ON resources USING gin (name %s) WHERE deleted_at IS NULL', ops);
  EXECUTE format('CREATE INDEX resources_id_trgm ON resources USING gin (resource_id %s) WHERE deleted_at IS NULL', ops);
  EXECUTE format('CREATE INDEX findings_message_trgm ON findings USING gin (message %s)', ops);
END
$$;
`;
