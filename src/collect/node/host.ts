import { closeSync, lstatSync, openSync, opendirSync, readlinkSync, readSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/**
 * A node's filesystem seen from inside a container that mounts it at `root` (`/host`): every host
 * path is resolved under the root as the host would resolve it, so an absolute symbolic link on the
 * host (`/etc/kubernetes/pki/ca.crt -> /etc/pki/k8s/ca.crt`) stays on the host's filesystem and a
 * `..` never climbs out of it. Reads are bounded: the host's files are input like any other.
 */

/** Symbolic links followed while resolving one path, as Linux allows (ELOOP past it). */
const MAX_LINK_HOPS = 40;

/** An error with a code as node:fs throws them, for one host path. */
export class HostError extends Error {
  constructor(
    readonly code: string,
    readonly hostPath: string,
  ) {
    super(`${code}: ${hostPath}`);
    this.name = 'HostError';
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'EIO';
}

export interface Resolved {
  /** The path on this machine (under the root). */
  local: string;
  /** The host path after following symbolic links. */
  hostPath: string;
  stats: Stats;
}

/** "/etc//kubernetes/./x" → ["etc", "kubernetes", "x"] (".." is kept: it is resolved against links). */
function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

export class HostFs {
  constructor(readonly root: string) {}

  /**
   * Follows a host path to what it names, resolving symbolic links inside the root. Throws HostError
   * (ENOENT, EACCES, ELOOP, ENOTDIR, ...) when it cannot.
   */
  resolve(hostPath: string, followLast = true): Resolved {
    let pending = components(hostPath);
    const done: string[] = [];
    let hops = 0;
    let stats: Stats | undefined;
    if (pending.length === 0) return { local: this.root, hostPath: '/', stats: this.lstat('/', this.root) };
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === '..') {
        done.pop();
        stats = undefined;
        continue;
      }
      const local = join(this.root, ...done, part);
      const current = this.lstat(`/${[...done, part].join('/')}`, local);
      if (current.isSymbolicLink() && (pending.length > 0 || followLast)) {
        if (++hops > MAX_LINK_HOPS) throw new HostError('ELOOP', hostPath);
        let target: string;
        try {
          target = readlinkSync(local);
        } catch (error) {
          throw new HostError(codeOf(error), hostPath);
        }
        if (target.startsWith('/')) done.length = 0;
        pending = [...components(target), ...pending];
        stats = undefined;
        continue;
      }
      if (pending.length > 0 && !current.isDirectory()) throw new HostError('ENOTDIR', hostPath);
      done.push(part);
      stats = current;
    }
    const local = join(this.root, ...done);
    return { local, hostPath: `/${done.join('/')}`, stats: stats ?? this.lstat(`/${done.join('/')}`, local) };
  }

  private lstat(hostPath: string, local: string): Stats {
    try {
      return lstatSync(local);
    } catch (error) {
      throw new HostError(codeOf(error), hostPath);
    }
  }

  /** The host path's status, or undefined when it does not exist; other failures throw HostError. */
  find(hostPath: string): Resolved | undefined {
    try {
      return this.resolve(hostPath);
    } catch (error) {
      if (error instanceof HostError && (error.code === 'ENOENT' || error.code === 'ENOTDIR'))
        return undefined;
      throw error;
    }
  }

  /**
   * The first `maxBytes` of a host file as text; `truncated` when it is longer. Works for files
   * whose size the kernel reports as 0 (/proc).
   */
  readText(hostPath: string, maxBytes: number): { text: string; truncated: boolean } {
    const { local, stats } = this.resolve(hostPath);
    if (!stats.isFile()) throw new HostError(stats.isDirectory() ? 'EISDIR' : 'EINVAL', hostPath);
    let fd: number;
    try {
      fd = openSync(local, 'r');
    } catch (error) {
      throw new HostError(codeOf(error), hostPath);
    }
    try {
      const buffer = Buffer.alloc(maxBytes + 1);
      let length = 0;
      while (length < buffer.length) {
        const n = readSync(fd, buffer, length, buffer.length - length, null);
        if (n === 0) break;
        length += n;
      }
      return {
        text: buffer.subarray(0, Math.min(length, maxBytes)).toString('utf8'),
        truncated: length > maxBytes,
      };
    } catch (error) {
      throw new HostError(codeOf(error), hostPath);
    } finally {
      closeSync(fd);
    }
  }

  /** The names in a host directory (at most `max`; `truncated` when there were more). */
  list(hostPath: string, max: number): { names: string[]; truncated: boolean } {
    const { local, stats } = this.resolve(hostPath);
    if (!stats.isDirectory()) throw new HostError('ENOTDIR', hostPath);
    // read entry by entry: a directory of millions of files costs `max` names, not all of them
    const names: string[] = [];
    let truncated = false;
    try {
      const dir = opendirSync(local);
      try {
        for (let entry = dir.readSync(); entry; entry = dir.readSync()) {
          if (names.length === max) {
            truncated = true;
            break;
          }
          names.push(entry.name);
        }
      } finally {
        dir.closeSync();
      }
    } catch (error) {
      throw new HostError(codeOf(error), hostPath);
    }
    return { names: names.sort(), truncated };
  }
}
