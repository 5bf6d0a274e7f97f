/**
 * Waiting for something another process does: a probe is asked every `intervalMs` until it
 * answers (anything but undefined, null or false), which `poll` returns, or until `timeoutMs`
 * has passed, when it throws "timed out waiting for <what>".
 */
export interface PollOptions {
  /** How long to wait in all. */
  timeoutMs: number;
  /** Pause between probes (default 200 ms). */
  intervalMs?: number;
  /**
   * What a probe that throws means: `fail` (default) ends the wait with that error; `not-yet`
   * counts it as no answer (a server still starting, a schema not migrated yet), and the timeout
   * message quotes the last such error.
   */
  probeErrors?: 'fail' | 'not-yet';
}

export type NoAnswer = undefined | null | false;

export async function poll<T>(
  what: string,
  probe: () => T | NoAnswer | Promise<T | NoAnswer>,
  opts: PollOptions,
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    let value: T | NoAnswer;
    try {
      value = await probe();
    } catch (err) {
      if (opts.probeErrors !== 'not-yet') throw err;
      lastError = err;
      value = undefined;
    }
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      const last = lastError === undefined ? '' : ` (last error: ${String(lastError).split('\n')[0]})`;
      throw new Error(`timed out waiting for ${what}${last}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}
