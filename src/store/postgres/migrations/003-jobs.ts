/**
 * Distributed mode (docs/scale-out.md): job leases, per-account concurrency slots, per-(account,
 * service) token buckets and the jobs a planned scan is waiting for. Times that decide who holds
 * what are the database's clock (timestamptz), never a worker's.
 */
export const sql = `
-- One attempt at a time per job key; the committing transaction checks its token (FOR UPDATE).
CREATE TABLE job_leases (
  key text COLLATE "C" PRIMARY KEY,
  token text NOT NULL,
  holder text NOT NULL,
  job_id text,
  taken_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

-- At most N jobs of one account at once, across every worker: a free or expired row is a free slot.
CREATE TABLE account_slots (
  account text COLLATE "C" NOT NULL,
  slot integer NOT NULL CHECK (slot >= 1),
  holder text,
  expires_at timestamptz,
  PRIMARY KEY (account, slot)
);

-- API calls per (account, service): a token bucket refilled from its last update.
CREATE TABLE rate_buckets (
  account text COLLATE "C" NOT NULL,
  service text COLLATE "C" NOT NULL,
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (account, service)
);

-- The jobs a planned scan waits for; the commit of the last one finishes the scan.
CREATE TABLE scan_jobs (
  scan_id bigint NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  job_key text COLLATE "C" NOT NULL,
  queue text NOT NULL,
  job_id text,
  state text NOT NULL CHECK (state IN ('queued','done')),
  outcome text CHECK (outcome IN ('committed','duplicate','stale')),
  done_at bigint,
  PRIMARY KEY (scan_id, job_key)
);
CREATE INDEX scan_jobs_queued ON scan_jobs (scan_id) WHERE state = 'queued';
`;
