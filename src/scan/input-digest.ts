/**
 * A scope's input digest: one hash over everything its evaluation reads, so a rescan whose scope
 * hashes the same is known to produce the same evaluations, and the store can record it without
 * running the engine (ScansRepository.recordUnchangedScopeRun).
 *
 * What the evaluation of a scope reads, and so what is hashed:
 * - the rule bundle (its version, the hash of its wasm modules) and each rule's id and resource
 *   types (which resources get an `error` verdict when they cannot be read);
 * - each resource after enrichment, whole: the joins across scopes (src/enrich) write their
 *   results into the resource's `config.stance`, so a change in one scope that changes what
 *   another scope's rules see changes the other scope's digest too;
 * - each resource's rule context (account, region, scope, and for Kubernetes the Pod Security
 *   and Kubernetes versions and the system namespaces), with the collection time only for the
 *   resources a clock-reading rule applies to (bundleReadsClock).
 *
 * Mutes and frameworks are applied when findings are read, not when they are evaluated or stored,
 * so they are not part of it. FORMAT is bumped whenever the pipeline evaluates differently from
 * the same input (a new verdict, a changed message of the pipeline's own), so a digest kept by an
 * older Stance never matches.
 */
import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../store/canonical.js';
import type { EvalContext, Resource, RuleMeta } from '../types.js';

const FORMAT = 'stance-input-digest/1';

/**
 * The resource types whose evaluation depends on the collection time: those a rule that reads
 * `input.context.now_ns` applies to. A rule whose manifest does not say (`readsClock` absent,
 * e.g. a bundle built by an older Stance) is taken to read it.
 */
export function clockTypes(rules: readonly RuleMeta[]): Set<string> {
  return new Set(rules.filter((r) => r.readsClock !== false).flatMap((r) => r.resourceTypes));
}

/** What every scope's digest of one scan shares: the bundle and its rules. */
export function bundleKey(bundleVersion: string, rules: readonly RuleMeta[]): string {
  const listed = rules
    .map((r) => [r.id, [...r.resourceTypes].sort(), r.readsClock !== false] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return createHash('sha256')
    .update(`${FORMAT}\n${JSON.stringify(bundleVersion)}\n${JSON.stringify(listed)}`)
    .digest('hex');
}

/**
 * Hashes a scope's resources one at a time, in listing order (another order only misses the
 * shortcut): each resource's own input hash (the bundle, the resource, its context), and the
 * scope's digest over those.
 */
export class ScopeInputHasher {
  private readonly hash: Hash;
  private count = 0;

  constructor(
    private readonly bundle: string,
    scopeKey: string,
    private readonly clock: ReadonlySet<string>,
  ) {
    this.hash = createHash('sha256').update(`${bundle}\n${JSON.stringify(scopeKey)}\n`);
  }

  /**
   * An evaluated resource, with its context (undefined for one that cannot be read): returns the
   * resource's input hash.
   */
  add(resource: Resource, context: EvalContext | undefined): string {
    this.count++;
    let hashed: Omit<EvalContext, 'now_ns'> | EvalContext | null = null;
    if (context) {
      if (this.clock.has(resource.type)) hashed = context;
      else {
        const { now_ns: _now, ...rest } = context;
        hashed = rest;
      }
    }
    const own = createHash('sha256')
      .update(this.bundle)
      .update('\n')
      .update(canonicalJson(resource))
      .update('\n')
      .update(canonicalJson(hashed))
      .digest('base64');
    this.hash.update(own).update('\n');
    return own;
  }

  digest(): string {
    return this.hash.update(`${this.count}`).digest('hex');
  }
}
