import { basename } from 'node:path';
import { HostError, type HostFs } from './host.js';

/**
 * The command lines of the Kubernetes programs running on the host, read from its /proc (mounted
 * under the root with the rest of its filesystem). They say where a component keeps the files the
 * benchmark names when that is not the default: the kubelet's --config and --kubeconfig, etcd's
 * --data-dir, and so on. Only those flags are kept: a command line can carry a token.
 */

/** Processes looked at, at most (a node runs a few hundred to a few thousand). */
const MAX_PROCESSES = 100_000;
/** Bytes of one command line read, at most. */
const MAX_CMDLINE_BYTES = 128 * 1024;

/** The programs whose flags name files, and the flags kept of each. */
const PROGRAMS = {
  kubelet: ['config', 'config-dir', 'kubeconfig', 'client-ca-file', 'pod-manifest-path'],
  etcd: ['data-dir'],
  'kube-proxy': ['kubeconfig'],
  'kube-scheduler': ['kubeconfig'],
  'kube-controller-manager': ['kubeconfig'],
} as const;

export type Program = keyof typeof PROGRAMS;
export type ProgramFlags = Record<string, string>;

export type HostProcesses =
  { collected: true; running: Partial<Record<Program, ProgramFlags>> } | { collected: false; reason: string };

/**
 * The value of each wanted flag in an argument list: `--name=value`, `--name value` and etcd's
 * single-dash `-name value`; the last occurrence wins, as the components' flag parsers do.
 */
export function flagValues(args: readonly string[], wanted: readonly string[]): ProgramFlags {
  const out: ProgramFlags = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--?([A-Za-z0-9][A-Za-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!match || !wanted.includes(match[1]!)) continue;
    if (match[2] !== undefined) out[match[1]!] = match[2];
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('-')) out[match[1]!] = args[++i]!;
  }
  return out;
}

/** Which program a command line runs (hyperkube runs one named by its first argument). */
function programOf(argv: string[]): { program: Program; args: string[] } | undefined {
  const name = basename(argv[0] ?? '');
  if (name in PROGRAMS) return { program: name as Program, args: argv.slice(1) };
  if (name === 'hyperkube' && argv[1] && argv[1] in PROGRAMS)
    return { program: argv[1] as Program, args: argv.slice(2) };
  return undefined;
}

export function hostProcesses(host: HostFs): HostProcesses {
  let pids: string[];
  try {
    const listed = host.list('/proc', MAX_PROCESSES);
    pids = listed.names.filter((n) => /^\d+$/.test(n));
  } catch (error) {
    const code = error instanceof HostError ? error.code : (error as Error).message;
    return {
      collected: false,
      reason: code === 'ENOENT' ? `no /proc under ${host.root}` : `/proc: ${code}`,
    };
  }
  const running: Partial<Record<Program, ProgramFlags>> = {};
  for (const pid of pids.sort((a, b) => Number(a) - Number(b))) {
    let text: string;
    try {
      text = host.readText(`/proc/${pid}/cmdline`, MAX_CMDLINE_BYTES).text;
    } catch {
      continue; // the process ended, or is not ours to read
    }
    const argv = text.replace(/\0$/, '').split('\0');
    const found = programOf(argv);
    // the first process of a program is the one the flags come from
    if (found && !running[found.program])
      running[found.program] = flagValues(found.args, PROGRAMS[found.program]);
  }
  return { collected: true, running };
}
