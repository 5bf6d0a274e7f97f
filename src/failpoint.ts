/**
 * Crash-testing hook: when STANCE_FAILPOINT names this point, the process dies on the spot (SIGKILL),
 * exactly as a power cut or OOM kill would. Used by the tests to prove at-least-once delivery and
 * store consistency across crashes; inert otherwise.
 */
export function failpoint(name: string): void {
  if (process.env.STANCE_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
