import { HostError, type HostFs } from './host.js';

/** At most this much of /etc/passwd or /etc/group is read (a real one is a few kilobytes). */
const MAX_ACCOUNTS_BYTES = 4 * 1024 * 1024;

/**
 * User and group names of the host, from its own /etc/passwd and /etc/group (never this container's:
 * the same id can be another name there). The first entry for an id wins, as getpwuid does.
 */
export interface HostAccounts {
  user(uid: number): string | null;
  group(gid: number): string | null;
  /** Why names could not be read, when they could not. */
  problems: string[];
}

function parse(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.includes(':')) continue;
    const [name, , id] = line.split(':');
    const n = Number(id);
    if (name && /^\d+$/.test(id ?? '') && Number.isSafeInteger(n) && !names.has(n)) names.set(n, name);
  }
  return names;
}

export function hostAccounts(host: HostFs): HostAccounts {
  const problems: string[] = [];
  const read = (path: string): Map<number, string> => {
    try {
      const { text, truncated } = host.readText(path, MAX_ACCOUNTS_BYTES);
      if (truncated) problems.push(`${path}: longer than ${MAX_ACCOUNTS_BYTES} bytes, read in part`);
      return parse(text);
    } catch (error) {
      problems.push(`${path}: ${error instanceof HostError ? error.code : (error as Error).message}`);
      return new Map();
    }
  };
  const users = read('/etc/passwd');
  const groups = read('/etc/group');
  return {
    user: (uid) => users.get(uid) ?? null,
    group: (gid) => groups.get(gid) ?? null,
    problems,
  };
}
