/** A planned job that used up its attempts is settled as `dead` (its scopes recorded as errors). */
export const sql = `
ALTER TABLE scan_jobs DROP CONSTRAINT scan_jobs_outcome_check;
ALTER TABLE scan_jobs ADD CONSTRAINT scan_jobs_outcome_check
  CHECK (outcome IN ('committed','duplicate','stale','dead'));
`;
