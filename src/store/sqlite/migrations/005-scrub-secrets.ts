import type Database from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { sanitizeK8sObject, type Removed } from '../../../collect/k8s/sanitize.js';
import { redactUrlsInText } from '../../../util/redact.js';
import { canonicalJson, contentHash } from '../../canonical.js';

/**
 * Removes what earlier versions stored and Stance must never keep:
 * - Kubernetes Secret values (the last-applied-configuration annotation holds the whole Secret;
 *   snapshots were loaded unsanitised), every kind's last-applied-configuration and literal env
 *   values that look like credentials, through the same sanitiser the collectors now apply
 *   (src/collect/k8s/sanitize.ts);
 * - credential-bearing URLs in stored error texts (outbox delivery errors, scope-run errors),
 *   reduced to scheme and host as every new error is.
 *
 * Configuration blobs are content-addressed: the key of a blob is the hash of its canonical JSON,
 * and a scan compares hashes to decide whether a configuration changed. A scrubbed configuration
 * is therefore re-addressed, not rewritten in place: it is stored under its own hash, every
 * reference (resources.config_hash, resource_versions.hash) moves to it and the old blob is
 * deleted. In place, the key would no longer name the content, and the next scan (which sanitises
 * at collection and so computes the new hash) would open a spurious new version of every object.
 * Two consecutive versions of a resource that differed only in what was removed become one
 * interval, as if the scrubbed configuration had been stored from the start.
 */
export function scrubSecrets(db: Database.Database): string | undefined {
  const removed: Removed = { secretValues: 0, lastApplied: 0, envValues: 0 };
  const blobs = new Map<string, string>(); // hash → resource type
  const referenced = db.prepare(
    `SELECT v.hash AS hash, r.type AS type FROM resource_versions v JOIN resources r ON r.id = v.resource_key
     WHERE r.provider = 'k8s'
     UNION SELECT config_hash, type FROM resources WHERE provider = 'k8s'`,
  );
  for (const row of referenced.iterate() as Iterable<{ hash: string; type: string }>)
    if (!blobs.has(row.hash)) blobs.set(row.hash, row.type);

  const body = db.prepare('SELECT body FROM config_blobs WHERE hash = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO config_blobs (hash, body) VALUES (?, ?)');
  const moveVersions = db.prepare('UPDATE resource_versions SET hash = ? WHERE hash = ?');
  const moveResources = db.prepare('UPDATE resources SET config_hash = ? WHERE config_hash = ?');
  const drop = db.prepare('DELETE FROM config_blobs WHERE hash = ?');
  const keysOf = db.prepare('SELECT DISTINCT resource_key AS key FROM resource_versions WHERE hash = ?');
  const touched = new Set<number>();
  for (const [hash, type] of blobs) {
    const row = body.get(hash) as { body: Buffer } | undefined;
    if (!row) continue;
    const config = JSON.parse(inflateRawSync(row.body).toString('utf8')) as unknown;
    const scrubbed = sanitizeK8sObject(config, type, removed);
    if (scrubbed === config) continue;
    const json = canonicalJson(scrubbed);
    const next = contentHash(json);
    if (next === hash) continue;
    insert.run(next, deflateRawSync(json));
    moveVersions.run(next, hash);
    moveResources.run(next, hash);
    drop.run(hash);
    for (const r of keysOf.all(next) as { key: number }[]) touched.add(r.key);
  }
  mergeRepeatedVersions(db, touched);

  let urls = 0;
  const scrubText = (select: string, update: string) => {
    const write = db.prepare(update);
    for (const row of db.prepare(select).all() as { id: number; text: string }[]) {
      const redacted = redactUrlsInText(row.text);
      if (redacted === row.text) continue;
      urls += row.text.split(/\s+/).filter((token) => redactUrlsInText(token) !== token).length;
      write.run(redacted, row.id);
    }
  };
  scrubText(
    "SELECT id, last_error AS text FROM outbox WHERE last_error LIKE '%://%'",
    'UPDATE outbox SET last_error = ? WHERE id = ?',
  );
  scrubText(
    "SELECT id, error AS text FROM scope_runs WHERE error LIKE '%://%'",
    'UPDATE scope_runs SET error = ? WHERE id = ?',
  );
  return notice(removed, urls);
}

/** Joins a resource's consecutive versions that now hold the same configuration. */
function mergeRepeatedVersions(db: Database.Database, resourceKeys: Set<number>): void {
  const versions = db.prepare(
    'SELECT id, hash, valid_from AS validFrom, valid_to AS validTo FROM resource_versions WHERE resource_key = ? ORDER BY valid_from, id',
  );
  const extend = db.prepare('UPDATE resource_versions SET valid_to = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM resource_versions WHERE id = ?');
  for (const key of resourceKeys) {
    let previous: { id: number; hash: string; validTo: number | null } | undefined;
    for (const v of versions.all(key) as {
      id: number;
      hash: string;
      validFrom: number;
      validTo: number | null;
    }[]) {
      if (previous && previous.hash === v.hash && previous.validTo === v.validFrom) {
        extend.run(v.validTo, previous.id);
        remove.run(v.id);
        previous.validTo = v.validTo;
      } else previous = v;
    }
  }
}

function notice(removed: Removed, urls: number): string | undefined {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    removed.secretValues ? count(removed.secretValues, 'Secret value', 'Secret values') : '',
    removed.lastApplied
      ? count(
          removed.lastApplied,
          "copy of kubectl's last-applied-configuration",
          "copies of kubectl's last-applied-configuration",
        )
      : '',
    removed.envValues
      ? count(
          removed.envValues,
          'literal environment variable value that looks like a credential',
          'literal environment variable values that look like credentials',
        )
      : '',
    urls ? count(urls, 'credential-bearing URL', 'credential-bearing URLs') : '',
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `database upgrade removed ${list} stored by earlier versions`;
}
