/**
 * Scope input digests, as SQLite's migration 010: the digest of the input that produced a scope's
 * state and that run's counts, valid only while `digest` is set;
 * and per resource the input hash its current findings were evaluated from.
 */
export const sql = `
ALTER TABLE scopes ADD COLUMN IF NOT EXISTS input_digest text;
ALTER TABLE scopes ADD COLUMN IF NOT EXISTS input_summary text;
ALTER TABLE resources ADD COLUMN IF NOT EXISTS input_hash text;
`;
