import pLimit from 'p-limit';
import type { Resource } from '../../types.js';
import { awsErrorText, isNotFound } from './errors.js';
import type { AwsServiceInfo } from './service-metadata.js';
import type { AccountSession } from './session.js';

/** What a service collector gets: one account, one region ("global" for account-wide services). */
export interface ServiceContext {
  session: AccountSession;
  region: string;
  /** The region to call for account-wide services. */
  apiRegion: string;
}

export interface ServiceResult {
  resources: Resource[];
  /**
   * Items that could not be read completely (one bucket's policy denied, say). They are left out
   * and the scope is recorded as partial: nothing in it is marked deleted.
   */
  problems: string[];
}

export interface ServiceCollector extends AwsServiceInfo {
  /**
   * The IAM actions the collector's API calls need (read-only). The least-privilege policy users
   * apply is generated from these, and a test checks them against the calls the collector sends.
   */
  permissions: readonly string[];
  collect(ctx: ServiceContext): Promise<ServiceResult>;
}

type AwsTag = { Key?: string; Value?: string };

export function tagsOf(tags: AwsTag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key) out[t.Key] = t.Value ?? '';
  return out;
}

/** The API's objects carry Dates and undefined fields: the plain JSON the API sent (dates as ISO strings). */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? undefined : v)));
}

/** The non-ARN id of an account or region fact (DESIGN.md "Resource ids"). */
export function factId(account: string, region: string, name: string): string {
  return `aws://${account}/${region}/${name}`;
}

export function awsResource(
  r: Omit<Resource, 'provider' | 'tags'> & { tags?: Record<string, string> },
): Resource {
  return { provider: 'aws', tags: r.tags ?? {}, ...r, config: plain(r.config) };
}

/** IAM and S3 policy documents arrive URL-encoded (IAM) or as JSON text (S3): decoded to objects. */
export function decodePolicy(document: string | undefined | null): unknown {
  if (!document) return null;
  let text = document;
  if (!text.trimStart().startsWith('{')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return { stanceUndecodable: document.slice(0, 200) };
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    return { stanceUndecodable: text.slice(0, 200) };
  }
}

/** Parses CSV as AWS writes it (the IAM credential report): a header row, commas, optional quotes. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

/** Runs work with a client and closes the client's connections afterwards, whatever happens. */
export async function withClient<C extends { destroy(): void }, T>(
  client: C,
  work: (client: C) => Promise<T>,
): Promise<T> {
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}

type Made = Omit<Resource, 'provider' | 'tags' | 'account' | 'region'> & { tags?: Record<string, string> };

/** Resources of the context's account and region: `resource` for listed entities, `fact` for per-region facts. */
export function resourcesOf(ctx: ServiceContext) {
  const account = ctx.session.accountId;
  const { region } = ctx;
  return {
    account,
    region,
    resource: (r: Made) => awsResource({ ...r, account, region }),
    fact: (name: string, type: string, config: unknown) =>
      awsResource({
        id: factId(account, region, name),
        type,
        account,
        region,
        name: `${name} ${region}`,
        config,
      }),
  };
}

/**
 * One item's own sub-call (a function's policy, a queue's attributes): an answer, or undefined with
 * the failure recorded in `problems` (the scope becomes partial and the rules that need the field
 * report it as not collected). `absent` codes mean "none configured" and give null.
 */
export async function readItem<T>(
  problems: string[],
  label: string,
  call: () => Promise<T>,
  absent: string[] = [],
): Promise<T | null | undefined> {
  try {
    return await call();
  } catch (error) {
    if (absent.length && isNotFound(error, ...absent)) return null;
    problems.push(`${label}: ${awsErrorText(error)}`);
    return undefined;
  }
}

/** Every item of a paginated listing. */
export async function listAll<P, T>(
  pages: AsyncIterable<P>,
  pick: (page: P) => T[] | undefined,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(pick(page) ?? []));
  return out;
}

/**
 * Reads each item's details (calls AWS offers one item at a time), eight at once. An item whose
 * read fails is left out and named in `problems` (its scope becomes partial); the rest go on.
 */
export async function eachItem<T, R>(
  items: T[],
  label: (item: T) => string,
  read: (item: T) => Promise<R>,
  problems: string[],
): Promise<R[]> {
  const limit = pLimit(8);
  const out = await Promise.all(
    items.map((item) =>
      limit(async () => {
        try {
          return { ok: true as const, value: await read(item) };
        } catch (error) {
          problems.push(`${label(item)}: ${awsErrorText(error)}`);
          return { ok: false as const };
        }
      }),
    ),
  );
  return out.flatMap((r) => (r.ok ? [r.value] : []));
}

/** Items in groups of `size` (for calls that take up to N names or ARNs at once). */
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
