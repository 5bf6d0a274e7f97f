import { postgresAvailability, type Availability } from '../../bench/lib/postgres.mjs';

/**
 * A real, throwaway PostgreSQL server for tests (bench/lib/postgres.mjs, shared with the benchmarks):
 * the system's initdb and pg_ctl, run as an unprivileged user into a temporary directory, on a
 * private loopback port. Stop it in afterAll: `await server.stop()`.
 *
 * When PostgreSQL is not installed the PostgreSQL tests are skipped with a message, except under
 * CI=true, where the suite must run on PostgreSQL and a missing server fails it.
 */
export {
  postgresAvailability,
  startPostgres,
  type Availability,
  type PostgresServer,
} from '../../bench/lib/postgres.mjs';

/** True when the PostgreSQL tests must run: under CI=true a missing PostgreSQL fails them instead of skipping. */
export function postgresRequired(): boolean {
  return process.env.CI === 'true';
}

let skipNoticeShown = false;

/**
 * Whether this test run includes the PostgreSQL tests: yes when PostgreSQL is installed, and yes
 * under CI=true (where they then fail, naming what is missing). Otherwise prints why they are skipped.
 */
export function postgresEnabled(
  availability: Availability = postgresAvailability(),
  required = postgresRequired(),
): boolean {
  if (availability.ok || required) return true;
  if (!skipNoticeShown) {
    skipNoticeShown = true;
    console.warn(`PostgreSQL tests skipped: ${availability.reason}`);
  }
  return false;
}
