/** The policy bundle, its rules and the compliance frameworks: what a scan checks and reports map to. */
import type { Framework } from '../frameworks/load.js';
import { bundledFrameworksDir } from '../paths.js';
import { resolve } from 'node:path';
import { combineBundles, loadBundle, loadUserBundle, type LoadedBundle } from '../policy/bundle.js';
import type { RuleMeta } from '../types.js';

let builtIn: LoadedBundle | undefined;

export interface PolicyOptions {
  /**
   * Directories of user rules, each built by `stance policy build --policies DIR` (into DIR/bundle):
   * their rules are evaluated beside the built-in ones.
   */
  policies?: readonly string[];
}

/**
 * The package's policy bundle (or `STANCE_BUNDLE_DIR`'s), loaded once per process, with the user
 * bundles of `policies` beside it. A missing, stale or corrupt built-in bundle is a BundleError
 * (exit 4); a user bundle that is missing or stale, or reuses a rule id, is an InputError (exit 2).
 */
export function policyBundle(opts: PolicyOptions = {}): LoadedBundle {
  builtIn ??= loadBundle(process.env.STANCE_BUNDLE_DIR || undefined);
  const dirs = [...new Set((opts.policies ?? []).map((d) => resolve(d)))];
  return combineBundles(builtIn, dirs.map(loadUserBundle));
}

/** The rules of the built-in bundle (and of the user bundles of `policies`), by id. */
export function rules(opts: PolicyOptions = {}): RuleMeta[] {
  return [...policyBundle(opts).manifest.rules].sort((a, b) => a.id.localeCompare(b.id));
}

const loaded = new Map<string, Promise<Framework[]>>();

export interface FrameworksOptions {
  /**
   * The user's framework directories, loaded beside the bundled ones: ids must not repeat, and
   * every rule id a control names must be in the policy bundle (else an InputError, file:line).
   */
  dirs?: string[];
  /** User rule directories (see policyBundle) whose rules the user's frameworks may name too. */
  policies?: readonly string[];
}

/** The bundled compliance frameworks, and those of `dirs`, validated (a bad file is an InputError). */
export function frameworks(opts: FrameworksOptions = {}): Promise<Framework[]> {
  const dirs = [...new Set(opts.dirs ?? [])];
  const key = JSON.stringify([dirs, dirs.length ? [...(opts.policies ?? [])] : []]);
  let list = loaded.get(key);
  if (!list) {
    const user = dirs.length
      ? {
          dirs,
          ruleIds: new Set(policyBundle({ policies: opts.policies }).manifest.rules.map((r) => r.id)),
        }
      : undefined;
    list = import('../frameworks/load.js').then((m) => m.loadFrameworks([bundledFrameworksDir()], user));
    list.catch(() => loaded.delete(key));
    loaded.set(key, list);
  }
  return list;
}

/** Rule id → the `<framework-id>:<control-id>` of every control it decides. */
export async function ruleControls(list?: Framework[]): Promise<Map<string, string[]>> {
  const { controlsByRule } = await import('../frameworks/load.js');
  return controlsByRule(list ?? (await frameworks()));
}
