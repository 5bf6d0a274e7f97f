export interface PostgresServer {
  /** postgres://stance@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** The cluster's data directory (its postmaster.pid names the server process). */
  dataDir: string;
  /** A new empty schema; the URL selects it as the connection's search_path. */
  schemaUrl(name?: string): Promise<string>;
  /** A new empty database; its URL. */
  databaseUrl(name?: string): Promise<string>;
  /** Runs SQL as the superuser on the given database (default `postgres`). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], database?: string): Promise<T[]>;
  /** `pg_ctl restart -m fast`: closes every connection; the server is back on the same port when it returns (blocks). */
  restart(): void;
  /** Stops the server (fast shutdown) for `ms` (the stop blocks; the wait does not), then starts it again. */
  stopFor(ms: number): Promise<void>;
  /** Stops the server (immediate shutdown) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}
export type Availability = { ok: true; bin: string } | { ok: false; reason: string };
export function postgresAvailability(): Availability;
export function startPostgres(): Promise<PostgresServer>;
