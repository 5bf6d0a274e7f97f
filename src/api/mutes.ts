/** Accepted risks: mutes in the store, in stance.yaml and in `stance.dev/ignore` annotations. */
import { userInfo } from 'node:os';
import { InputError } from '../errors.js';
import { MuteMatcher, parseEndOfDay, parseTagFilter, tagKey, tagsById } from '../mutes/match.js';
import type { FindingRow, Mute, NewMute, Store } from '../store/index.js';
import { IGNORE_ANNOTATION, type RuleMeta } from '../types.js';
import { rules as builtInRules } from './catalog.js';
import type { StanceConfig } from './config.js';

/** Mutes from stance.yaml, in the store's shape (negative ids: they live in the file, not the database). */
export function configMutes(config: StanceConfig | undefined, at: Date): Mute[] {
  return (config?.mutes ?? [])
    .map((m, i) => ({
      id: -(i + 1),
      ruleId: m.rule,
      resourcePattern: m.resource ?? null,
      account: m.account ?? null,
      region: m.region ?? null,
      ...parseTagFilter(m.tag),
      reason: m.reason,
      author: 'stance.yaml',
      createdAt: at.toISOString(),
      expiresAt: m.until ? (parseEndOfDay(m.until)?.toISOString() ?? null) : null,
    }))
    .filter((m) => m.expiresAt === null || Date.parse(m.expiresAt) > at.getTime());
}

/** The mutes in force at an instant, ready to match findings (tags read only when a mute needs them). */
export interface MuteSet {
  matcher: MuteMatcher;
  tags?: Map<string, Record<string, string>>;
  /** The mute silencing this finding, if any. */
  match(
    finding: Pick<FindingRow, 'resourceId' | 'ruleId' | 'account' | 'region' | 'sourceFile'>,
  ): Mute | undefined;
}

/** Mutes in force at `at` (default now): the database's, stance.yaml's, and annotations on objects. */
export async function mutesInForce(
  store: Store,
  opts: { at?: Date; config?: StanceConfig } = {},
): Promise<MuteSet> {
  const at = opts.at ?? new Date();
  const matcher = new MuteMatcher([...(await store.mutes.list({ at })), ...configMutes(opts.config, at)]);
  let tags: Map<string, Record<string, string>> | undefined;
  if (matcher.needsTags) tags = tagsById(await store.resources.list({ includeDeleted: true }));
  else {
    // Objects annotated with stance.dev/ignore carry it in their tags; load only those.
    const annotated = await store.resources.withTagText(IGNORE_ANNOTATION);
    tags = annotated.length ? tagsById(annotated) : undefined;
  }
  return {
    matcher,
    tags,
    match: (f) => matcher.match({ ...f, tags: tags?.get(tagKey(f.resourceId, f.sourceFile)) }),
  };
}

export interface NewMuteInput {
  /** A rule id, or `*` for every rule. */
  ruleId: string;
  /** Resource id pattern; `*` matches any characters. */
  resource?: string;
  /** AWS account or Kubernetes cluster. */
  account?: string;
  /** AWS region or Kubernetes namespace. */
  region?: string;
  /** `key=value`, or `key` for any value. */
  tag?: string;
  reason: string;
  /** Expiry: a date (the end of that day, UTC), an ISO date-time or a Date. */
  until?: string | Date;
  /** Default: the current user. */
  author?: string;
  now?: Date;
}

function untilDate(until: string | Date | undefined): Date | null {
  if (until === undefined) return null;
  if (until instanceof Date) return until;
  const date = parseEndOfDay(until);
  if (!date) throw new InputError(`--until ${until}: expected a date (2026-03-31) or an ISO date-time`);
  return date;
}

/**
 * Checks a mute before anything is stored: a reason, an expiry in the future, a well-formed tag
 * filter, and a rule that exists (among `rules`, default the bundle's): a mistyped id would
 * silence nothing, for ever, without a word.
 */
export function validateMute(input: NewMuteInput, opts: { rules?: readonly RuleMeta[] } = {}): NewMute {
  if (!input.reason.trim()) throw new InputError('--reason: give a reason; auditors will read it');
  const now = input.now ?? new Date();
  const expiresAt = untilDate(input.until);
  if (expiresAt && expiresAt <= now)
    throw new InputError(`--until ${String(input.until)}: the date has passed`);
  const tagFilter = parseTagFilter(input.tag);
  if (input.tag !== undefined && !tagFilter.tagKey)
    throw new InputError(`--tag ${input.tag}: expected key=value or key`);
  if (input.ruleId !== '*') {
    const known = opts.rules ?? builtInRules();
    if (!known.some((r) => r.id === input.ruleId)) {
      const near = known
        .map((r) => r.id)
        .filter((id) => id.includes(input.ruleId) || input.ruleId.includes(id))
        .slice(0, 3);
      throw new InputError(
        `--rule ${input.ruleId}: no such rule${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; see stance rules, or * for every rule`,
      );
    }
  }
  return {
    ruleId: input.ruleId,
    resourcePattern: input.resource ?? null,
    account: input.account ?? null,
    region: input.region ?? null,
    ...tagFilter,
    reason: input.reason,
    author: input.author ?? userInfo().username,
    createdAt: now,
    expiresAt,
  };
}

/** Adds a mute (checked by validateMute) and returns its id. */
export async function addMute(
  store: Store,
  input: NewMuteInput,
  opts: { rules?: readonly RuleMeta[] } = {},
): Promise<number> {
  return store.mutes.add(validateMute(input, opts));
}

/** Which mutes a listing shows: by rule, by the account/cluster and region/namespace they name. */
export interface MuteFilter {
  ruleId?: string;
  account?: string;
  region?: string;
  /** `active` (the default), `expired`, or `all`. */
  status?: 'active' | 'expired' | 'all';
  at?: Date;
}

const matchesFilter = (m: Mute, f: MuteFilter) =>
  (!f.ruleId || m.ruleId === f.ruleId || m.ruleId === '*') &&
  (!f.account || m.account === null || m.account === f.account) &&
  (!f.region || m.region === null || m.region === f.region);

/** Mutes in the database; by default those in force now. */
export async function listMutes(store: Store, filter: MuteFilter = {}): Promise<Mute[]> {
  const at = filter.at ?? new Date();
  const status = filter.status ?? 'active';
  const all = await store.mutes.list(status === 'active' ? { at } : { includeExpired: true });
  const expired = (m: Mute) => m.expiresAt !== null && Date.parse(m.expiresAt) <= at.getTime();
  return all.filter((m) => matchesFilter(m, filter) && (status !== 'expired' || expired(m)));
}

/** Removes a mute; an InputError when there is none with that id. */
export async function removeMute(store: Store, id: number): Promise<void> {
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`mute remove ${id}: expected a mute id`);
  if (!(await store.mutes.remove(id))) throw new InputError(`mute ${id} does not exist`);
}

export interface MuteAudit {
  /** Mutes in force that silence no failing finding now. */
  unused: (Mute & { matches: number })[];
  /** Mutes in force that expire within the window. */
  expiring: (Mute & { matches: number })[];
}

/** Mutes that silence nothing now, and mutes that expire within `days`. */
export async function auditMutes(
  store: Store,
  opts: { days?: number; now?: Date } & Omit<MuteFilter, 'status' | 'at'> = {},
): Promise<MuteAudit> {
  const now = opts.now ?? new Date();
  const days = opts.days ?? 14;
  if (!Number.isFinite(days) || days < 0) throw new InputError(`--days ${days}: expected a number of days`);
  const { tags } = await mutesInForce(store, { at: now });
  const failing = await store.findings.failing();
  const mutes = (await listMutes(store, { ...opts, at: now })).map((m) => {
    const one = new MuteMatcher([m]);
    return {
      ...m,
      matches: failing.filter((f) => one.match({ ...f, tags: tags?.get(tagKey(f.resourceId, f.sourceFile)) }))
        .length,
    };
  });
  return {
    unused: mutes.filter((m) => m.matches === 0),
    expiring: mutes.filter(
      (m) => m.expiresAt && Date.parse(m.expiresAt) - now.getTime() <= days * 86_400_000,
    ),
  };
}

/** Mutes: add, list, remove and audit, as `stance mute` does them. */
export const mutes = { add: addMute, list: listMutes, remove: removeMute, audit: auditMutes };
