/**
 * Scope input digests, as SQLite's migration 010: the digest of the input that produced a scope's
 * state and that run's counts, valid only while `digest` is set.
 */
export const sql = `
ALTER TABLE scopes ADD COLUMN input_digest text;
ALTER TABLE scopes ADD COLUMN input_summary text;
ALTER TABLE resources ADD COLUMN input_hash text;
`;
