/**
 * A scope's digest: one hash over everything a successful full run of the scope hands the store
 * (the rule bundle's version, every listed resource with its identity, descriptive fields, tags,
 * source and configuration hash, and every evaluation with its status and message). A backend
 * keeps the digest of the scope's last applied full run; a new full run with the same digest
 * would change nothing (the store already holds exactly its result), so it is recorded as a
 * scope run without loading the scope's resources and findings.
 *
 * The digest stays valid only while nothing else changes the scope's stored state. A backend
 * clears it when that happens: a partial run (delta) of the scope, and a run of another scope
 * that takes over one of its live resources. An errored run changes no state and keeps it.
 * A data migration that rewrites resources or findings must clear every digest.
 *
 * Both lists are sorted, so a collector that lists the same scope in another order still matches;
 * anything else that differs (even a key order inside tags) only costs a full diff, never a
 * wrong result.
 */
import { createHash } from 'node:crypto';
import type { Evaluation, Resource } from '../../types.js';
import { definitionOf } from '../../types.js';
import { canonicalJson, contentHash } from '../canonical.js';

/** Bumped when what the digest covers changes, so digests stored by an older Stance never match. */
const FORMAT = 'stance-scope-digest/1';

export function scopeDigest(
  bundleVersion: string,
  resources: readonly Resource[],
  evaluations: readonly Evaluation[],
): string {
  const listing = resources.map((r) =>
    JSON.stringify([
      r.id,
      definitionOf(r),
      r.type,
      r.provider,
      r.account,
      r.region,
      r.name,
      canonicalJson(r.tags ?? {}),
      r.source?.file ?? null,
      r.source?.line ?? null,
      contentHash(canonicalJson(r.config)),
    ]),
  );
  const verdicts = evaluations.map((e) =>
    JSON.stringify([e.resourceId, e.definition ?? null, e.ruleId, e.status, e.message]),
  );
  listing.sort();
  verdicts.sort();
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\n${JSON.stringify(bundleVersion)}\n${listing.length}\n`);
  for (const line of listing) hash.update(`${line}\n`);
  hash.update(`${verdicts.length}\n`);
  for (const line of verdicts) hash.update(`${line}\n`);
  return hash.digest('hex');
}
