/** What an API handler gets: the store, the caller, the request's parameters, and a way to audit. */
import type { IncomingMessage } from 'node:http';
import type { FindingRow, SearchHits, StanceConfig, Store } from '../index.js';
import type { Query } from './http.js';

export type Role = 'viewer' | 'editor';
export const ROLES: readonly Role[] = ['viewer', 'editor'];

/** Who is calling: how they proved it, and what they may do. */
export interface Principal {
  /** Token name, proxy user, or the OS user on a local console. */
  user: string;
  role: Role;
  via: 'local' | 'token' | 'session' | 'proxy';
  /** The X-CSRF-Token a write from this caller's browser must carry (none for bearer-token calls). */
  csrfToken?: string;
  /** The API token behind a token or session caller. */
  tokenId?: number;
}

export interface ApiContext {
  store: Store;
  config: StanceConfig | undefined;
  principal: Principal;
  query: Query;
  /** The path's parameters (`:id`), decoded. */
  params: Record<string, string>;
  req: IncomingMessage;
  backend: 'sqlite' | 'postgres';
  now(): Date;
  /** The request body, a JSON object. */
  body(): Promise<Record<string, unknown>>;
  /** Framework ids, in the catalog's order (bundled and the config's). */
  frameworkIds(): Promise<string[]>;
  /** Rule id → title. */
  ruleTitles(): Map<string, string>;
  /** Full-text search (at least 3 characters, else a 400): does a finding row match? */
  search(text: string): Promise<{ matches(row: Pick<FindingRow, 'resourceId' | 'ruleId'>): boolean }>;
  /** The raw hits of a full-text search (at least 3 characters, else a 400). */
  searchHits(text: string): Promise<SearchHits>;
  /** The store, with `findings.asOf` read once per instant for this request (the request's reports share it). */
  sharedReads(): Store;
  /** A computed answer, kept while the store's data is unchanged (and for at most a minute). */
  cached<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Rule id → the `<framework>:<control>` of every control it decides. */
  ruleControls(): Promise<Map<string, string[]>>;
  /** Records a write with who, when and what (every write calls this in the same step as the change). */
  audit(action: string, target: string, detail: Record<string, unknown>): Promise<void>;
}

/** A handler's answer: a JSON value, or bytes with their content type (a report download). */
export type ApiResult = unknown;
export interface RawResult {
  raw: string;
  contentType: string;
  filename?: string;
}

export const isRaw = (x: unknown): x is RawResult =>
  typeof x === 'object' && x !== null && typeof (x as RawResult).raw === 'string' && 'contentType' in x;

export type Handler = (ctx: ApiContext) => Promise<ApiResult>;
