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
 * A run that keeps some of its resources as stored (ScopeInput.kept) is not given their
 * evaluations, so it cannot compute this digest without reading their findings; it stores a
 * marker instead (keptDigest in ./scope-run.ts) that no digest equals: the scope's state is then
 * recognised by its input digest only, and a later run without one takes the full diff once.
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
const FORMAT = 'stance-scope-digest/2';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The lists are sorted by their keys (resource id and definition; then rule id) with a comparator,
 * and each line is hashed as it is written: a scope of a million evaluations holds no million
 * strings at once. Keys are unique within a run, so the order is total.
 */
export function scopeDigest(
  bundleVersion: string,
  resources: readonly Resource[],
  evaluations: readonly Evaluation[],
  /** Each resource's canonical tags and configuration hash, where already computed (readListing). */
  known?: ReadonlyMap<Resource, { tags: string; hash: string }>,
): string {
  const listed = [...resources].sort(
    (a, b) => compare(a.id, b.id) || compare(definitionOf(a), definitionOf(b)),
  );
  const verdicts = [...evaluations].sort(
    (a, b) =>
      compare(a.resourceId, b.resourceId) ||
      compare(a.definition ?? '', b.definition ?? '') ||
      compare(a.ruleId, b.ruleId),
  );
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\n${JSON.stringify(bundleVersion)}\n${listed.length}\n`);
  for (const r of listed) {
    const computed = known?.get(r);
    hash.update(
      JSON.stringify([
        r.id,
        definitionOf(r),
        r.type,
        r.provider,
        r.account,
        r.region,
        r.name,
        computed?.tags ?? canonicalJson(r.tags ?? {}),
        r.source?.file ?? null,
        r.source?.line ?? null,
        computed?.hash ?? contentHash(canonicalJson(r.config)),
      ]) + '\n',
    );
  }
  hash.update(`${verdicts.length}\n`);
  for (const e of verdicts)
    hash.update(JSON.stringify([e.resourceId, e.definition ?? null, e.ruleId, e.status, e.message]) + '\n');
  return hash.digest('hex');
}
