import type { Mute } from '../store/index.js';
import { IGNORE_ANNOTATION } from '../types.js';

export interface MuteTarget {
  resourceId: string;
  ruleId: string;
  account: string;
  region: string;
  tags?: Record<string, string>;
}

/** `*` matches any run of characters; everything else is literal. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** Matches findings against mutes; compile once per command, then ask per finding. */
export class MuteMatcher {
  private readonly compiled: { mute: Mute; resource?: RegExp }[];

  constructor(mutes: Mute[]) {
    this.compiled = mutes.map((mute) => ({
      mute,
      resource: mute.resourcePattern ? globToRegExp(mute.resourcePattern) : undefined,
    }));
  }

  get needsTags(): boolean {
    return this.compiled.some((c) => c.mute.tagKey !== null);
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
      if (resource && !resource.test(target.resourceId)) continue;
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
