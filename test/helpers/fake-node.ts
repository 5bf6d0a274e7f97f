import { chmodSync, chownSync, lchownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Fake Kubernetes node filesystems, built at test time under a temporary root, for `stance node
 * --root`: files and directories with the modes and owners a test gives, symbolic links, and a fake
 * /proc whose command lines name the kubelet's flags. Owners are set only when the test runs as root
 * (`canChown`); otherwise every file belongs to the user running the tests.
 */

export const canChown = process.getuid?.() === 0;

export interface FakeEntry {
  path: string;
  /** Octal text, as chmod takes it. */
  mode?: string;
  uid?: number;
  gid?: number;
  content?: string;
  /** A directory (default: a file). */
  dir?: boolean;
  /** A symbolic link to this target instead of a file. */
  link?: string;
}

export const ETCD_ID = 998;
export const USER_ID = 1000;

const accounts: FakeEntry[] = [
  {
    path: '/etc/passwd',
    mode: '644',
    content: `root:x:0:0:root:/root:/bin/bash\netcd:x:${ETCD_ID}:${ETCD_ID}:etcd user:/var/lib/etcd:/sbin/nologin\nkube:x:${USER_ID}:${USER_ID}::/home/kube:/bin/bash\n`,
  },
  {
    path: '/etc/group',
    mode: '644',
    content: `root:x:0:\netcd:x:${ETCD_ID}:\nkube:x:${USER_ID}:\n`,
  },
];

/** Writes the entries under root (parents created 755, owned by root). */
export function buildRoot(root: string, entries: FakeEntry[]): string {
  for (const e of [...accounts, ...entries]) {
    const local = join(root, e.path);
    mkdirSync(dirname(local), { recursive: true });
    if (e.link !== undefined) {
      symlinkSync(e.link, local);
      if (canChown) lchownSync(local, e.uid ?? 0, e.gid ?? 0);
      continue;
    }
    if (e.dir) mkdirSync(local, { recursive: true });
    else writeFileSync(local, e.content ?? '');
    chmodSync(local, parseInt(e.mode ?? (e.dir ? '755' : '600'), 8));
    if (canChown) chownSync(local, e.uid ?? 0, e.gid ?? 0);
  }
  return root;
}

/** A process of the fake host: /proc/<pid>/cmdline with NUL-separated arguments. */
export function proc(pid: number, argv: string[]): FakeEntry {
  return { path: `/proc/${pid}/cmdline`, mode: '444', content: `${argv.join('\0')}\0` };
}

/** A static Pod manifest whose container runs `command`. */
export function staticPod(name: string, command: string[]): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    `metadata: {name: ${name}, namespace: kube-system}`,
    'spec:',
    '  containers:',
    `    - name: ${name}`,
    `      image: registry.k8s.io/${name}:v1.33.0`,
    '      command:',
    ...command.map((c) => `        - ${JSON.stringify(c)}`),
  ].join('\n');
}
