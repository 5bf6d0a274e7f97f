/**
 * Scope input digests (src/scan/input-digest.ts): with the digest of a scope's state, the digest
 * of the input that produced it and that run's counts, so a rescan from the same input is
 * recorded without evaluating (valid only while `digest` is set); per resource, the input hash its
 * current findings were evaluated from. Empty at first.
 */
export const sql = `
ALTER TABLE scopes ADD COLUMN input_digest TEXT;
ALTER TABLE scopes ADD COLUMN input_summary TEXT;
ALTER TABLE resources ADD COLUMN input_hash TEXT;
`;
