/**
 * Scope digests (../../core/digest.ts): each scope keeps the digest of its last applied full run,
 * so an unchanged rescan is recognised without reading the scope's resources and findings. Empty
 * at first: every scope's next run takes the full diff and stores its digest.
 */
export const sql = `
ALTER TABLE scopes ADD COLUMN digest TEXT;
`;
