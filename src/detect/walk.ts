import { lstatSync, readdirSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/** A directory entry that could not be used, and why. */
export interface WalkProblem {
  path: string;
  reason: string;
}

export interface WalkOptions {
  /** Files to return, by name (and path). */
  wanted: (name: string, path: string) => boolean;
  /** Directories to enter (default: all). */
  enter?: (name: string, path: string) => boolean;
  /** Skip names starting with a dot. */
  skipHidden?: boolean;
}

function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOENT') return 'no such file or directory (removed while reading?)';
  if (code === 'ENAMETOOLONG') return 'path too long';
  return `cannot read (${code ?? (error as Error).message})`;
}

const notAFile = (stat: Stats) =>
  stat.isFIFO()
    ? 'a named pipe, not a regular file'
    : stat.isSocket()
      ? 'a socket, not a regular file'
      : stat.isCharacterDevice() || stat.isBlockDevice()
        ? 'a device, not a regular file'
        : 'not a regular file';

/**
 * The wanted files under a directory, recursively, in name order per directory. Symbolic links
 * are followed; an entry that cannot be used is reported in `problems` and skipped, and the walk
 * goes on: a dangling link, a link loop (a link to itself, or to a directory it is inside), an
 * unreadable directory, a wanted name that is not a regular file (a pipe would block the read).
 * A directory reached a second time through another link is not read again (its files were).
 */
export function walkFiles(root: string, opts: WalkOptions, problems: WalkProblem[]): string[] {
  const out: string[] = [];
  const read = new Set<string>();
  const identity = (stat: Stats) => `${stat.dev}:${stat.ino}`;
  const walk = (dir: string, ancestors: Set<string>) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      problems.push({ path: dir, reason: errorReason(error) });
      return;
    }
    for (const name of names) {
      if (opts.skipHidden && name.startsWith('.')) continue;
      const path = join(dir, name);
      let stat: Stats;
      try {
        stat = statSync(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        let link = false;
        try {
          link = lstatSync(path).isSymbolicLink();
        } catch {
          // gone meanwhile: reported below
        }
        if (link && code === 'ENOENT') {
          let target = '';
          try {
            target = readlinkSync(path);
          } catch {
            // removed meanwhile
          }
          problems.push({ path, reason: `dangling symbolic link${target ? ` (to ${target})` : ''}` });
        } else problems.push({ path, reason: errorReason(error) });
        continue;
      }
      if (stat.isDirectory()) {
        if (opts.enter && !opts.enter(name, path)) continue;
        const id = identity(stat);
        if (ancestors.has(id)) {
          problems.push({ path, reason: 'symbolic link loop (leads back to a directory above it)' });
          continue;
        }
        if (read.has(id)) continue;
        read.add(id);
        walk(path, new Set([...ancestors, id]));
      } else if (opts.wanted(name, path)) {
        if (stat.isFile()) out.push(path);
        else problems.push({ path, reason: notAFile(stat) });
      }
    }
  };
  let rootStat: Stats;
  try {
    rootStat = statSync(root);
  } catch (error) {
    problems.push({ path: root, reason: errorReason(error) });
    return out;
  }
  read.add(identity(rootStat));
  walk(root, new Set([identity(rootStat)]));
  return out;
}
