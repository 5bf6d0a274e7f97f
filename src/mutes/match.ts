import type { Mute } from '../store/mutes.js';

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
    this.compiled = mutes.map((mute) => ({ mute, resource: mute.resourcePattern ? globToRegExp(mute.resourcePattern) : undefined }));
  }

  get needsTags(): boolean {
    return this.compiled.some((c) => c.mute.tagKey !== null);
  }

  /** The first mute that silences this (resource, rule), if any. */
  match(target: MuteTarget): Mute | undefined {
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

/** Resource tags by id, for mutes that match on a tag. */
export function tagsById(rows: { resourceId: string; tags: Record<string, string> }[]): Map<string, Record<string, string>> {
  return new Map(rows.map((r) => [r.resourceId, r.tags]));
}
