import { resolve } from 'node:path';
import { loadBundle, type LoadedBundle } from '../policy/bundle.js';
import { Store } from '../store/index.js';
import { listMutes } from '../store/mutes.js';
import { MuteMatcher, tagsById } from '../mutes/match.js';
import { bundledFrameworksDir } from '../paths.js';
import { controlsByRule, loadFrameworks, type Framework } from '../frameworks/load.js';

export interface GlobalOptions {
  db?: string;
  debug?: boolean;
}

export function dbPath(opts: GlobalOptions): string {
  return resolve(opts.db ?? process.env.STANCE_DB ?? 'stance.db');
}

export function openStore(opts: GlobalOptions, readonly = false): Store {
  return Store.open(dbPath(opts), { readonly });
}

let cachedBundle: LoadedBundle | undefined;
export function bundle(): LoadedBundle {
  cachedBundle ??= loadBundle(process.env.STANCE_BUNDLE_DIR || undefined);
  return cachedBundle;
}

let cachedFrameworks: Framework[] | undefined;
export function frameworks(extraDirs: string[] = []): Framework[] {
  cachedFrameworks ??= loadFrameworks([bundledFrameworksDir(), ...extraDirs]);
  return cachedFrameworks;
}

export function ruleControls(): Map<string, string[]> {
  return controlsByRule(frameworks());
}

/** Mutes in force now, and resource tags when a mute matches on tags. */
export function mutesOf(store: Store, at = new Date()): { matcher: MuteMatcher; tags?: Map<string, Record<string, string>> } {
  const matcher = new MuteMatcher(listMutes(store, { at }));
  return { matcher, tags: matcher.needsTags ? tagsById(store.resources({ includeDeleted: true })) : undefined };
}
