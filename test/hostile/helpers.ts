import { existsSync, readFileSync } from 'node:fs';
import { startStance, type CliResult } from '../helpers/cli.js';

/** The peak resident set (VmHWM) of a running process in MiB, or undefined once it has exited. */
function peakRssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the CLI and samples its peak resident memory every few milliseconds (Linux /proc): the last
 * sample before exit is a lower bound of the true peak, and a blow-up that lasts longer than a
 * sampling interval is seen.
 */
export async function runStanceMeasured(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliResult & { peakRssMiB: number; seconds: number }> {
  if (!existsSync('/proc/self/status')) throw new Error('memory sampling needs Linux /proc');
  const started = Date.now();
  const { child, done } = startStance(args, opts);
  let peak = 0;
  const timer = setInterval(() => {
    const rss = child.pid === undefined ? undefined : peakRssMiB(child.pid);
    if (rss !== undefined) peak = Math.max(peak, rss);
  }, 10);
  try {
    const result = await done;
    return { ...result, peakRssMiB: peak, seconds: (Date.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}
