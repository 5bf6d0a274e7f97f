/**
 * The detection worker: reads the planned files and runs each pack's RuleEvaluator over their
 * events (see worker-run.ts). The allocation-heavy part of a run (gunzip, scanning, JSON.parse,
 * matching) happens here, in an isolate whose young generation is capped; the store stays with the
 * main thread, reached through request/response messages, one outstanding at a time.
 */
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { RuleEvaluator, type EvaluatorLink } from './evaluator.js';
import { IntelLists } from './intel.js';
import { ProblemLog } from './problems.js';
import { compileRuleTexts } from './sigma.js';
import { plannedEvents } from './sources.js';
import type { FromWorker, ToWorker, WorkerInput, WorkerRequest } from './worker-protocol.js';

const port = parentPort!;
const input = workerData as WorkerInput;
const send = (message: FromWorker) => port.postMessage(message);

let nextId = 0;
const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
port.on('message', (m: ToWorker) => {
  const w = waiting.get(m.id);
  if (!w) return;
  waiting.delete(m.id);
  if (m.error !== undefined) w.reject(new Error(m.error));
  else w.resolve(m.result);
});

function request(message: WorkerRequest): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    send({ ...message, id });
  });
}

function errorMessage(error: unknown): FromWorker {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    type: 'error',
    error: {
      name: e.name,
      message: e.message,
      stack: e.stack,
      code: (e as NodeJS.ErrnoException).code,
      exitCode: (e as { exitCode?: unknown }).exitCode === 2 ? 2 : undefined,
    },
  };
}

async function run(): Promise<void> {
  const evaluators = input.runs.map((r, run) => {
    const compiled = compileRuleTexts(r.pack.sources, IntelLists.fromEntries(r.pack.intel));
    const byId = new Map(compiled.rules.map((rule) => [rule.id, rule]));
    const rules = r.ruleIds.map((id) => {
      const rule = byId.get(id);
      if (!rule) throw new Error(`rule ${id} did not compile again in the detection worker`);
      return rule;
    });
    const link: EvaluatorLink = {
      check: (ids) => request({ type: 'check', run, ids }) as Promise<boolean[]>,
      add: async (additions) => {
        if (additions.length === 0) return;
        await request({
          type: 'add',
          run,
          additions: additions.map(({ rule, ...rest }) => ({ ...rest, ruleId: rule.id })),
        });
      },
    };
    return new RuleEvaluator(rules, r.setup, link);
  });
  const problems = new ProblemLog((line) => send({ type: 'problem', line }));
  let events = 0;
  let afterUntil = 0;
  const until = input.until ?? Infinity;
  // stdin is never planned for the worker (it reads the parent's files only).
  for await (const ev of plannedEvents(input.plan, Readable.from([]), problems.add, input.limit)) {
    if (++events % 1000 === 0) send({ type: 'progress', done: events });
    if (ev.time >= until) {
      afterUntil++;
      continue;
    }
    for (const evaluator of evaluators) {
      const pending = evaluator.process(ev);
      if (pending) await pending;
    }
  }
  problems.finish();
  const outcomes = [];
  for (const evaluator of evaluators) outcomes.push(await evaluator.outcome());
  send({
    type: 'done',
    outcomes,
    events,
    afterUntil,
    skipped: problems.skipped,
    filesWithProblems: problems.files,
    youngGenerationMb: resourceLimits.maxYoungGenerationSizeMb,
  });
}

run().catch((error: unknown) => send(errorMessage(error)));
