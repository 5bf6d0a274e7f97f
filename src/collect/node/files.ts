import type { Stats } from 'node:fs';
import type { HostAccounts } from './accounts.js';
import { HostError, type HostFs } from './host.js';

/**
 * One file or directory the benchmark names, as found on the host: its mode and owner. `mode` holds
 * the permission and special bits (st_mode & 07777); `permissions` is the same in octal, as
 * `stat -c %a` prints it.
 */
export interface FileEntry {
  path: string;
  type: 'file' | 'directory' | 'other';
  mode: number;
  permissions: string;
  uid: number;
  gid: number;
  /** Names from the host's /etc/passwd and /etc/group; null when it has none for the id. */
  user: string | null;
  group: string | null;
  /** The host path a symbolic link at `path` led to. */
  target?: string;
}

/** A path that exists (or may) but could not be examined: EACCES, ELOOP, ... */
export interface EntryProblem {
  path: string;
  error: string;
}

/**
 * What the node check found for one item of the benchmark: where the paths came from (`source`),
 * every path it looked at (`looked`) and the entries that exist. No entry means none exists.
 * `truncated`: a directory had more entries (or levels) than are examined.
 */
export interface TargetFacts {
  source: string;
  looked: string[];
  entries: (FileEntry | EntryProblem)[];
  truncated?: true;
}

/** Entries examined per item at most (a PKI directory holds a few dozen). */
export const MAX_ENTRIES = 2000;
/** Directory levels walked below a named directory. */
export const MAX_DEPTH = 8;

function typeOf(stats: Stats): FileEntry['type'] {
  return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';
}

export class FileFacts {
  constructor(
    private readonly host: HostFs,
    private readonly accounts: HostAccounts,
  ) {}

  private entryOf(path: string, stats: Stats, target?: string): FileEntry {
    const mode = stats.mode & 0o7777;
    return {
      path,
      type: typeOf(stats),
      mode,
      permissions: mode.toString(8),
      uid: stats.uid,
      gid: stats.gid,
      user: this.accounts.user(stats.uid),
      group: this.accounts.group(stats.gid),
      ...(target && target !== path ? { target } : {}),
    };
  }

  /** The entry at a host path (symbolic links followed), nothing when it does not exist. */
  entry(path: string): FileEntry | EntryProblem | undefined {
    try {
      const found = this.host.find(path);
      return found && this.entryOf(path, found.stats, found.hostPath);
    } catch (error) {
      return { path, error: error instanceof HostError ? error.code : (error as Error).message };
    }
  }

  /** Every one of these paths that exists. */
  paths(source: string, paths: string[]): TargetFacts {
    const looked = [...new Set(paths)];
    const entries = dedupe(looked.map((p) => this.entry(p)).filter((e) => e !== undefined));
    return { source, looked, entries };
  }

  /** The first of these paths that exists (a component reads one of them). */
  firstOf(source: string, paths: string[]): TargetFacts {
    for (const path of paths) {
      const found = this.entry(path);
      if (found) return { source, looked: paths, entries: [found] };
    }
    return { source, looked: paths, entries: [] };
  }

  /**
   * A directory and what is below it, to MAX_DEPTH levels and MAX_ENTRIES entries. Symbolic links
   * inside are followed to the file they name, never into a directory (no cycles).
   */
  tree(
    source: string,
    dirs: string[],
    opts: { includeDirs: boolean; includeRoot: boolean; filesOnly?: boolean },
  ): TargetFacts {
    const entries: (FileEntry | EntryProblem)[] = [];
    let truncated = false;
    const add = (entry: FileEntry | EntryProblem) => {
      if (entries.length >= MAX_ENTRIES) truncated = true;
      else entries.push(entry);
    };
    const visit = (dir: string, depth: number) => {
      let names: string[];
      try {
        const listed = this.host.list(dir, MAX_ENTRIES);
        names = listed.names;
        if (listed.truncated) truncated = true;
      } catch (error) {
        add({ path: dir, error: error instanceof HostError ? error.code : (error as Error).message });
        return;
      }
      for (const name of names) {
        if (truncated) return;
        const path = `${dir === '/' ? '' : dir}/${name}`;
        let own: Stats;
        try {
          own = this.host.resolve(path, false).stats;
        } catch (error) {
          add({ path, error: error instanceof HostError ? error.code : (error as Error).message });
          continue;
        }
        if (own.isSymbolicLink()) {
          const linked = this.entry(path);
          if (linked && !(opts.filesOnly && 'type' in linked && linked.type !== 'file')) add(linked);
        } else if (own.isDirectory()) {
          if (opts.includeDirs && !opts.filesOnly) add(this.entryOf(path, own));
          if (depth + 1 > MAX_DEPTH) truncated = true;
          else visit(path, depth + 1);
        } else if (!opts.filesOnly || own.isFile()) add(this.entryOf(path, own));
      }
    };
    for (const dir of dirs) {
      const root = this.entry(dir);
      if (!root) continue;
      if ('error' in root || root.type !== 'directory') {
        add(root);
        continue;
      }
      if (opts.includeRoot) add(root);
      visit(root.target ?? dir, 0);
    }
    return {
      source,
      looked: dirs,
      entries: dedupe(entries),
      ...(truncated ? { truncated: true as const } : {}),
    };
  }
}

/** One entry per file: /lib and /usr/lib are one directory on merged-/usr systems. */
function dedupe(entries: (FileEntry | EntryProblem)[]): (FileEntry | EntryProblem)[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = 'error' in e ? e.path : (e.target ?? e.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
