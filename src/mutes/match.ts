import type { Mute } from '../store/index.js';
import { IGNORE_ANNOTATION } from '../types.js';

export interface MuteTarget {
  resourceId: string;
  ruleId: string;
  account: string;
  region: string;
  tags?: Record<string, string>;
}

/**
 * Whether `text` matches a mute's resource pattern: `*` matches any run of characters, everything
 * else is literal. Literal pieces are placed left to right, each at its earliest position; for
 * star-only globs that choice never loses a match, so there is no backtracking (a regular
 * expression with many `.*` backtracks polynomially on a near-miss, and patterns come from users).
 */
export function globMatches(pattern: string, text: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === text;
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  if (first.length + last.length > text.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!;
    if (piece === '') continue;
    const found = text.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

/** Matches findings against mutes; compile once per command, then ask per finding. */
export class MuteMatcher {
  private readonly compiled: { mute: Mute; resource?: string }[];

  constructor(mutes: Mute[]) {
    this.compiled = mutes.map((mute) => ({
      mute,
      resource: mute.resourcePattern || undefined,
    }));
  }

  /** True when no mute is in force (annotations on objects are matched apart from these). */
  get empty(): boolean {
    return this.compiled.length === 0;
  }

  get needsTags(): boolean {
    return this.compiled.some((c) => c.mute.tagKey !== null);
  }

  /** The rules the mutes name (`*`: every rule); annotations on objects are apart from these. */
  get ruleIds(): Set<string> {
    return new Set(this.compiled.map((c) => c.mute.ruleId));
  }

  /** The first mute that silences this (resource, rule), if any: an annotation on the object, then the mutes. */
  match(target: MuteTarget): Mute | undefined {
    const annotated = target.tags?.[IGNORE_ANNOTATION];
    if (annotated) {
      const reason = parseIgnoreAnnotation(annotated).get(target.ruleId);
      if (reason !== undefined) {
        return {
          id: 0,
          ruleId: target.ruleId,
          resourcePattern: target.resourceId,
          account: null,
          region: null,
          tagKey: null,
          tagValue: null,
          reason,
          author: `annotation ${IGNORE_ANNOTATION}`,
          createdAt: new Date(0).toISOString(),
          expiresAt: null,
        };
      }
    }
    for (const { mute, resource } of this.compiled) {
      if (mute.ruleId !== '*' && mute.ruleId !== target.ruleId) continue;
      if (resource !== undefined && !globMatches(resource, target.resourceId)) continue;
      if (mute.account && mute.account !== target.account) continue;
      if (mute.region && mute.region !== target.region) continue;
      if (mute.tagKey) {
        const value = target.tags?.[mute.tagKey];
        if (value === undefined || (mute.tagValue !== null && value !== mute.tagValue)) continue;
      }
      return mute;
    }
    return undefined;
  }
}

/**
 * The key of a resource's tags: its id and source file, because definitions of one object in
 * several manifest files (overlays) have tags (and `stance.dev/ignore` annotations) of their own.
 */
export function tagKey(resourceId: string, sourceFile?: string | null): string {
  return `${resourceId}\u0000${sourceFile ?? ''}`;
}

/** The resource id of a tagKey. */
export const resourceOfTagKey = (key: string): string => key.slice(0, key.indexOf('\u0000'));

/** Resource tags by tagKey, for mutes that match on a tag or an annotation. */
export function tagsById(
  rows: { resourceId: string; sourceFile?: string | null; tags: Record<string, string> }[],
): Map<string, Record<string, string>> {
  return new Map(rows.map((r) => [tagKey(r.resourceId, r.sourceFile), r.tags]));
}

/** Reads a `stance.dev/ignore` annotation (IGNORE_ANNOTATION): rule id → reason. */
export function parseIgnoreAnnotation(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of value.split(/[;\n]/)) {
    const [rule, ...reason] = entry.split(':');
    const id = rule?.trim();
    if (id) out.set(id, reason.join(':').trim() || 'no reason given');
  }
  return out;
}

/** `key=value` → {tagKey, tagValue}; a bare `key` matches any value. */
export function parseTagFilter(tag: string | undefined): { tagKey: string | null; tagValue: string | null } {
  if (tag === undefined) return { tagKey: null, tagValue: null };
  const [key, ...value] = tag.split('=');
  return { tagKey: key || null, tagValue: tag.includes('=') ? value.join('=') : null };
}

/** A date (`2027-03-31`, meaning the end of that day UTC) or an ISO date-time; undefined if invalid. */
export function parseEndOfDay(value: string): Date | undefined {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
