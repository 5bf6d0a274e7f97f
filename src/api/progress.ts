/** Progress and cancellation of the library's long calls (scan, collect, detect, report as of a date). */

/** One step of a long call: `done` of `total` items of a phase; `ended` when the phase is over. */
export interface ProgressEvent {
  phase: string;
  done: number;
  total?: number;
  ended?: boolean;
}

export interface LongCallOptions {
  /** Aborting stops the call at its next safe point: what was committed stays, nothing half-written. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

/** The phase/tick/done interface the stages report through, feeding an onProgress callback. */
export interface PhaseProgress {
  phase(name: string, total?: number): void;
  tick(n?: number): void;
  done(): void;
}

export function phaseProgress(onProgress: LongCallOptions['onProgress']): PhaseProgress | undefined {
  if (!onProgress) return undefined;
  let phase = '';
  let total: number | undefined;
  let done = 0;
  return {
    phase(name, count) {
      phase = name;
      total = count;
      done = 0;
      onProgress({ phase, done, ...(total === undefined ? {} : { total }) });
    },
    tick(n = 1) {
      done += n;
      onProgress({ phase, done, ...(total === undefined ? {} : { total }) });
    },
    done() {
      onProgress({ phase, done, ...(total === undefined ? {} : { total }), ended: true });
    },
  };
}
