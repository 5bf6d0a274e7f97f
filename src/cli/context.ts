import { resolve } from 'node:path';
import { loadBundle, type LoadedBundle } from '../policy/bundle.js';
import {
  isDatabaseUrl,
  openStore as openDatabase,
  StoreError,
  type Mute,
  type Store,
} from '../store/index.js';
import type { StanceConfig } from '../config/load.js';
import { MuteMatcher, parseEndOfDay, parseTagFilter, tagsById } from '../mutes/match.js';
import { IGNORE_ANNOTATION } from '../types.js';
import { bundledFrameworksDir } from '../paths.js';
import { controlsByRule, loadFrameworks, type Framework } from '../frameworks/load.js';
import { stderrLine } from './output.js';

export interface GlobalOptions {
  db?: string;
  debug?: boolean;
}

/** The --db location: a file path (resolved) or a database URL (as given). */
export function dbPath(opts: GlobalOptions): string {
  const location = opts.db ?? process.env.STANCE_DB ?? 'stance.db';
  return isDatabaseUrl(location) ? location : resolve(location);
}

/**
 * A read-only open of a database last written by an older Stance would read tables and columns its
 * schema lacks (signals before detection): such a database is migrated first, as any write command
 * would, unless the file cannot be written (then it stays read-only and `outdated`).
 */
export async function openStore(opts: GlobalOptions, readonly = false): Promise<Store> {
  const path = dbPath(opts);
  const store = await openDatabase(path, { readonly });
  if (!readonly || !store.outdated) return announced(store);
  await store.close();
  try {
    await announced(await openDatabase(path)).close();
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'readonly')) throw error;
  }
  return openDatabase(path, { readonly: true });
}

/** What a database upgrade removed is said once, on stderr, by the command that upgraded it. */
function announced(store: Store): Store {
  for (const notice of store.upgradeNotices) stderrLine(`stance: ${notice}`);
  return store;
}

let cachedBundle: LoadedBundle | undefined;
export function bundle(): LoadedBundle {
  cachedBundle ??= loadBundle(process.env.STANCE_BUNDLE_DIR || undefined);
  return cachedBundle;
}

let userFrameworkDirs: string[] = [];
let cachedFrameworks: Framework[] | undefined;

/**
 * The user's framework directories for this command: `--frameworks DIR` (repeatable) first, then
 * stance.yaml's `frameworks:` (already resolved against the file's directory).
 */
export function useFrameworkDirs(flagDirs: string[] | undefined, config?: StanceConfig): void {
  userFrameworkDirs = [...(flagDirs ?? []).map((d) => resolve(d)), ...(config?.frameworks ?? [])].filter(
    (d, i, all) => all.indexOf(d) === i,
  );
  cachedFrameworks = undefined;
}

/** Built-in frameworks and the user's (see useFrameworkDirs), whose rule ids the bundle must have. */
export function frameworks(): Framework[] {
  cachedFrameworks ??= loadFrameworks(
    [bundledFrameworksDir()],
    userFrameworkDirs.length
      ? { dirs: userFrameworkDirs, ruleIds: new Set(bundle().manifest.rules.map((r) => r.id)) }
      : undefined,
  );
  return cachedFrameworks;
}

export function ruleControls(): Map<string, string[]> {
  return controlsByRule(frameworks());
}

/** commander's collector for a repeatable option. */
export function collectValues(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Mutes from stance.yaml, in the store's shape (negative ids: they live in the file, not the database). */
export function configMutes(config: StanceConfig | undefined, at: Date): Mute[] {
  return (config?.mutes ?? [])
    .map((m, i) => ({
      id: -(i + 1),
      ruleId: m.rule,
      resourcePattern: m.resource ?? null,
      account: m.account ?? null,
      region: m.region ?? null,
      ...parseTagFilter(m.tag),
      reason: m.reason,
      author: 'stance.yaml',
      createdAt: at.toISOString(),
      expiresAt: m.until ? (parseEndOfDay(m.until)?.toISOString() ?? null) : null,
    }))
    .filter((m) => m.expiresAt === null || Date.parse(m.expiresAt) > at.getTime());
}

/** Mutes in force now (database and stance.yaml), and resource tags when a mute matches on tags. */
export async function mutesOf(
  store: Store,
  at = new Date(),
  config?: StanceConfig,
): Promise<{ matcher: MuteMatcher; tags?: Map<string, Record<string, string>> }> {
  const matcher = new MuteMatcher([...(await store.mutes.list({ at })), ...configMutes(config, at)]);
  if (matcher.needsTags)
    return { matcher, tags: tagsById(await store.resources.list({ includeDeleted: true })) };
  // Objects annotated with stance.dev/ignore carry it in their tags; load only those.
  const annotated = await store.resources.withTagText(IGNORE_ANNOTATION);
  return { matcher, tags: annotated.length ? tagsById(annotated) : undefined };
}
