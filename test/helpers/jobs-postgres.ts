import { afterAll, beforeAll } from 'vitest';
import { openQueue, type JobQueue } from '../../src/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startPostgres, type PostgresServer } from './postgres.js';

/** A throwaway PostgreSQL server, one fresh database of it, and the store open on that database. */
export interface PostgresStore {
  server: PostgresServer;
  /** The database the store (and queue) are open on; `server.databaseUrl()` makes another. */
  url: string;
  store: Store;
}

/** The same with the job queue (pg-boss, not supervised) open on the database too. */
export interface JobsPostgres extends PostgresStore {
  queue: JobQueue;
}

function usePostgres(withQueue: boolean): JobsPostgres {
  const opened: Partial<JobsPostgres> = {};
  beforeAll(async () => {
    opened.server = await startPostgres();
    opened.url = await opened.server.databaseUrl();
    opened.store = await openStore(opened.url);
    if (withQueue) opened.queue = await openQueue(opened.url, { supervise: false });
  }, 120_000);
  // What did open is closed, in reverse order, even when the set-up failed half way.
  afterAll(async () => {
    await opened.queue?.close();
    await opened.store?.close();
    await opened.server?.stop();
  });
  return opened as JobsPostgres;
}

/**
 * Registers, in the calling describe block, a beforeAll that starts a PostgreSQL server, creates a
 * database and opens the store on it, and an afterAll that closes them. The fields of what it
 * returns are set once that beforeAll has run.
 */
export function usePostgresStore(): PostgresStore {
  return usePostgres(false);
}

/** usePostgresStore, with the job queue open on the same database too. */
export function useJobsPostgres(): JobsPostgres {
  return usePostgres(true);
}
