import { distanceKm, type Place } from '../geo.js';
import type { TravelSpec } from '../sigma.js';

/** One located event of an identity: time, latitude, longitude, address, "City, CC". */
export type TravelPoint = [t: number, lat: number, lon: number, ip: string, where: string];

export interface TravelVerdict {
  from: TravelPoint;
  to: TravelPoint;
  km: number;
  kmh: number;
}

/** Located events kept per identity (the most recent ones within the horizon). */
const MAX_POINTS = 16;

/** Whether the points (in time order) hold this time and address already. */
function seen(points: TravelPoint[], t: number, ip: string): boolean {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    if (p[0] === t && p[3] === ip) return true;
  }
  return false;
}

/** "City, CC" per place: lookups return the same place object for an address, so this is built once per place. */
const placeNames = new WeakMap<Place, string>();
function placeName(place: Place): string {
  let name = placeNames.get(place);
  if (name === undefined)
    placeNames.set(place, (name = [place.city, place.country].filter(Boolean).join(', ')));
  return name;
}

/**
 * Stance `impossible_travel`: consecutive located events (in event time) of the same identity
 * farther apart than `minDistanceKm` at a great-circle speed above `maxSpeedKmh`. Each identity
 * keeps its located events of the last `horizonMs`; an event arriving out of order is compared
 * with its neighbours in event time, so delivery order does not matter.
 */
export class TravelTracker {
  private readonly identities = new Map<string, TravelPoint[]>();

  constructor(private readonly spec: TravelSpec) {}

  /**
   * Adds a located event; a verdict when it is an impossible hop from or to a neighbour, 'late' when
   * too old to place. Idempotent, so runs need not check event ids for it: an event seen before is
   * either still kept (same time and address: ignored) or older than what is kept (late); `floor`
   * (the previous runs' watermark less the horizon) covers identities already forgotten.
   */
  observe(
    identity: string,
    t: number,
    ip: string,
    place: Place,
    floor = -Infinity,
  ): TravelVerdict | 'late' | undefined {
    const { horizonMs } = this.spec;
    let points = this.identities.get(identity);
    const newest = points?.length ? points[points.length - 1]![0] : t;
    if (t < newest - horizonMs || t < floor) return 'late';
    if (points && seen(points, t, ip)) return undefined;
    if (points && points.length >= MAX_POINTS && t < points[0]![0]) return 'late';
    const point: TravelPoint = [t, place.lat, place.lon, ip, placeName(place)];
    if (!points) this.identities.set(identity, (points = []));
    let at = points.length;
    while (at > 0 && points[at - 1]![0] > t) at--;
    if (at === points.length) points.push(point);
    else points.splice(at, 0, point);
    const before = points[at - 1];
    const after = points[at + 1];
    const verdict = (before && this.hop(before, point)) || (after && this.hop(point, after)) || undefined;
    this.prune(points);
    return verdict;
  }

  private hop(from: TravelPoint, to: TravelPoint): TravelVerdict | undefined {
    const hours = (to[0] - from[0]) / 3_600_000;
    if (hours > this.spec.horizonMs / 3_600_000) return undefined;
    // The same place (the usual case: an identity works from one address) is no hop.
    if (from[1] === to[1] && from[2] === to[2] && this.spec.minDistanceKm > 0) return undefined;
    const km = distanceKm({ lat: from[1], lon: from[2] }, { lat: to[1], lon: to[2] });
    if (km < this.spec.minDistanceKm) return undefined;
    const kmh = hours > 0 ? km / hours : Infinity;
    return kmh > this.spec.maxSpeedKmh ? { from, to, km, kmh } : undefined;
  }

  private prune(points: TravelPoint[]): void {
    const cutoff = points[points.length - 1]![0] - this.spec.horizonMs;
    let drop = 0;
    while (drop < points.length && points[drop]![0] < cutoff) drop++;
    drop = Math.max(drop, points.length - MAX_POINTS);
    if (drop > 0) points.splice(0, drop);
  }

  /** Forgets identities with no located event within the horizon before the watermark. */
  expire(watermark: number): void {
    for (const [identity, points] of this.identities) {
      const newest = points[points.length - 1]?.[0] ?? 0;
      if (newest < watermark - this.spec.horizonMs) this.identities.delete(identity);
    }
  }

  toJSON(): unknown {
    return [...this.identities.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  load(state: unknown, notAfter = Infinity): void {
    if (!Array.isArray(state)) return;
    for (const [identity, saved] of state as [string, TravelPoint[]][]) {
      if (typeof identity !== 'string' || !Array.isArray(saved)) continue;
      const points = saved.filter((p) => Array.isArray(p) && p.length === 5 && p[0] <= notAfter);
      if (points.length) this.identities.set(identity, points);
    }
  }
}

/** Describes a hop for a signal note: `London, GB (81.2.69.142) at … → Sydney, AU (1.1.1.1) at …: 16,993 km in 30 min`. */
export function describeHop(v: TravelVerdict): string {
  const at = (p: TravelPoint) =>
    `${p[4] || 'unknown place'} (${p[3]}) at ${new Date(p[0]).toISOString().replace('.000Z', 'Z')}`;
  const minutes = Math.round((v.to[0] - v.from[0]) / 60_000);
  const speed = Number.isFinite(v.kmh)
    ? `${Math.round(v.kmh).toLocaleString('en-US')} km/h`
    : 'no time between';
  return `${at(v.from)} -> ${at(v.to)}: ${Math.round(v.km).toLocaleString('en-US')} km in ${minutes} min (${speed})`;
}

interface IdentityFields {
  type?: unknown;
  arn?: unknown;
  principalId?: unknown;
  invokedBy?: unknown;
  sessionContext?: { sessionIssuer?: { arn?: unknown } };
}

/**
 * Whose event it is, for travel: the caller's ARN (a user, root, a federated user; for an assumed
 * role the ARN names the role and the session), else the issuing role's ARN with the session part of
 * the principal id. Undefined when the record names no caller.
 */
export function travelIdentity(record: { userIdentity?: unknown }): string | undefined {
  const u = (record.userIdentity ?? {}) as IdentityFields;
  if (typeof u.arn === 'string' && u.arn) return u.arn;
  const issuer = u.sessionContext?.sessionIssuer?.arn;
  const principal = typeof u.principalId === 'string' ? u.principalId : '';
  if (typeof issuer === 'string' && issuer && principal.includes(':'))
    return `${issuer}/${principal.slice(principal.indexOf(':') + 1)}`;
  return undefined;
}

/** Calls an AWS service made (itself, or on the caller's behalf): their addresses say nothing of where the caller is. */
export function madeByAwsService(record: { userIdentity?: unknown }): boolean {
  const u = (record.userIdentity ?? {}) as IdentityFields;
  return u.type === 'AWSService' || (typeof u.invokedBy === 'string' && u.invokedBy !== '');
}
