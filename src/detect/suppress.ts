import type { Suppression, SuppressionHits } from '../store/index.js';
import type { CloudTrailRecord } from './record.js';
import { inCidr, parseCidr, type CidrRange } from './net.js';
import { wildcardMatcher, type WildcardToken } from './sigma/wildcard.js';

/** `*` any characters, `?` one; case-insensitive (ARNs' account and service parts are). */
export function identityMatcher(pattern: string): (text: string) => boolean {
  const tokens: WildcardToken[] = [];
  let text = '';
  for (const ch of pattern.toLowerCase()) {
    if (ch !== '*' && ch !== '?') {
      text += ch;
      continue;
    }
    if (text) tokens.push({ kind: 'text', text });
    text = '';
    tokens.push({ kind: ch === '*' ? 'many' : 'one' });
  }
  if (text) tokens.push({ kind: 'text', text });
  const match = wildcardMatcher(tokens);
  return (value) => match(value.toLowerCase());
}

/**
 * The identities an event can be suppressed by: the caller's ARN and, for an assumed role, the
 * role's ARN (so one entry covers every session of the role).
 */
export function identitiesOf(record: CloudTrailRecord): string[] {
  const id = record.userIdentity as
    { arn?: unknown; sessionContext?: { sessionIssuer?: { arn?: unknown } } } | undefined;
  const out: string[] = [];
  if (typeof id?.arn === 'string') out.push(id.arn);
  const issuer = id?.sessionContext?.sessionIssuer?.arn;
  if (typeof issuer === 'string') out.push(issuer);
  return out;
}

interface Compiled {
  s: Suppression;
  identity?: (text: string) => boolean;
  range?: CidrRange;
  expiresAt: number;
}

/** Suppressions in force for a run: which one (if any) silences a rule's signal for an event, with counts. */
export class Suppressor {
  private readonly list: Compiled[];
  private readonly hits = new Map<number, SuppressionHits>();

  constructor(suppressions: readonly Suppression[]) {
    this.list = suppressions.flatMap((s) => {
      const range = s.cidr ? parseCidr(s.cidr) : undefined;
      if (s.cidr && !range) return []; // refused when added; an unreadable stored value silences nothing
      return [
        {
          s,
          ...(s.identity ? { identity: identityMatcher(s.identity) } : {}),
          ...(range ? { range } : {}),
          expiresAt: s.expiresAt ? Date.parse(s.expiresAt) : Infinity,
        },
      ];
    });
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  /** The suppression silencing rule `ruleId` for this event (counted), or undefined. */
  check(ruleId: string, record: CloudTrailRecord, t: number): Suppression | undefined {
    let identities: string[] | undefined;
    for (const c of this.list) {
      if (c.s.ruleId !== null && c.s.ruleId !== ruleId) continue;
      if (t >= c.expiresAt) continue;
      if (c.range && !(typeof record.sourceIPAddress === 'string' && inCidr(record.sourceIPAddress, c.range)))
        continue;
      if (c.identity && !(identities ??= identitiesOf(record)).some(c.identity)) continue;
      const h = this.hits.get(c.s.id) ?? { id: c.s.id, count: 0, lastHit: t };
      h.count++;
      h.lastHit = Math.max(h.lastHit, t);
      this.hits.set(c.s.id, h);
      return c.s;
    }
    return undefined;
  }

  /** Events suppressed per suppression so far. */
  counts(): SuppressionHits[] {
    return [...this.hits.values()].sort((a, b) => a.id - b.id);
  }

  total(): number {
    let n = 0;
    for (const h of this.hits.values()) n += h.count;
    return n;
  }
}
