/** Messages between a detection run's main thread and its worker (worker-run.ts, worker-entry.ts). */
import type { CidrRange } from './net.js';
import type { WireAddition } from './engine.js';
import type { EvaluationOutcome, EvaluatorSetup } from './evaluator.js';
import type { TimeLimit } from './record.js';
import type { FilePlan } from './sources.js';

/** One pack to evaluate: its rule texts and intel lists (compiled again in the worker), the rules of it to run, and where they start. */
export interface WorkerPackRun {
  pack: { sources: readonly { file: string; text: string }[]; intel: [string, CidrRange[]][] };
  ruleIds: string[];
  setup: EvaluatorSetup;
}

export interface WorkerInput {
  runs: WorkerPackRun[];
  plan: FilePlan;
  limit: TimeLimit;
  /** Events at or after this time are counted and not evaluated (replay). */
  until?: number;
}

export interface WorkerError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  /** 2 for input errors. */
  exitCode?: 2;
}

/** What the worker asks of the store (it waits for the answer before it goes on). */
export type WorkerRequest =
  | { type: 'check'; run: number; ids: readonly (string | undefined)[] }
  | { type: 'add'; run: number; additions: WireAddition[] };

/** What a worker's run leaves for the engine to commit, sent once it has read its input. */
export interface WorkerEvaluation {
  outcomes: EvaluationOutcome[];
  events: number;
  afterUntil: number;
  skipped: number;
  filesWithProblems: number;
  /** The worker's young generation limit as it applies (resourceLimits inside the worker). */
  youngGenerationMb?: number;
}

export type FromWorker =
  | (WorkerRequest & { id: number })
  | { type: 'problem'; line: string }
  | { type: 'progress'; done: number }
  | ({ type: 'done' } & WorkerEvaluation)
  | { type: 'error'; error: WorkerError };

export interface ToWorker {
  id: number;
  result?: unknown;
  error?: string;
}
