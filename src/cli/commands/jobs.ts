import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Cli } from '../context.js';
import { parseFormat, repeatable } from '../options.js';
import { field, printJson, printLine, printTable } from '../output.js';
import { postgresLocation } from './worker.js';

const STATES = ['queued', 'running', 'failed', 'dead'] as const;

export function registerJobs(program: Command, cli: Cli): void {
  const jobs = program
    .command('jobs')
    .description('the job queue of distributed mode (PostgreSQL): list, retry, enqueue a run of a target');
  jobs
    .command('list', { isDefault: true })
    .description('list jobs: queued, running, failed and dead-letter (the newest first)')
    .option('--state <state>', `only jobs in this state: ${STATES.join(' | ')} (repeatable)`, repeatable)
    .option('-f, --format <format>', 'table | json', 'table')
    .action(async (flags: { state?: string[]; format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      for (const s of flags.state ?? [])
        if (!(STATES as readonly string[]).includes(s))
          throw new InputError(`--state ${s}: expected one of ${STATES.join(', ')}`);
      const states = flags.state?.length ? (flags.state as (typeof STATES)[number][]) : undefined;
      await withQueue(cli, 'jobs', async (store, queue, lib) => {
        const list = await lib.listJobs(store, queue, { states });
        if (format === 'json') return printJson(list);
        if (list.length === 0) return printLine('No jobs.');
        printTable(list, [
          { header: 'ID', value: (j) => j.id },
          { header: 'STATE', value: (j) => j.state },
          { header: 'QUEUE', value: (j) => j.queue },
          { header: 'KEY', value: (j) => j.key ?? '' },
          { header: 'TARGET', value: (j) => j.target ?? '' },
          { header: 'ATTEMPTS', value: (j) => `${j.attempts}/${j.maxAttempts}` },
          { header: 'CREATED', value: (j) => j.createdAt },
          { header: 'ERROR', value: (j) => j.error ?? '', max: 80 },
        ]);
      });
    });
  jobs
    .command('retry')
    .description('give a failed or dead-letter job another attempt')
    .argument('<id>', 'the job id, as stance jobs lists it')
    .action(async (id: string) => {
      await withQueue(cli, 'jobs retry', async (store, queue, lib) => {
        const retried = await lib.retryJob(store, queue, id);
        printLine(`Job ${field(retried.id)} is back in ${field(retried.queue)}.`);
      });
    });
  jobs
    .command('enqueue')
    .description('plan one run of a stance.yaml target now: a scan and its jobs in the queue')
    .requiredOption('--target <name>', 'the target to run')
    .option('--config <file>', 'stance.yaml with the target (default ./stance.yaml)')
    .option(
      '--private-cluster <name>',
      'a cluster only its in-cluster agent reaches: its job goes to its own queue (repeatable)',
      repeatable,
    )
    .option('-f, --format <format>', 'table | json', 'table')
    .action(
      async (flags: { target: string; config?: string; privateCluster?: string[]; format?: string }) => {
        const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
        const location = postgresLocation(cli, 'jobs enqueue');
        const config = await cli.config(flags.config);
        const target = config?.targets.find((t) => t.name === flags.target);
        if (!target)
          throw new InputError(
            `--target ${flags.target}: no such target in ${flags.config ?? 'stance.yaml'}${config?.targets.length ? ` (targets: ${config.targets.map((t) => t.name).join(', ')})` : ''}`,
          );
        await withQueue(
          cli,
          'jobs enqueue',
          async (store, queue, lib) => {
            const run = await lib.enqueueRun(store, queue, target, {
              privateClusters: new Set(flags.privateCluster ?? []),
              bundleVersion: lib.policyBundle({ policies: config?.policies }).manifest.version,
            });
            if (format === 'json')
              return printJson({
                scanId: run.scanId,
                jobs: run.jobs.map((j) => ({ id: j.id, queue: j.queue, key: j.key })),
              });
            const queued = run.jobs.filter((j) => j.id !== null).length;
            printLine(
              `Scan ${run.scanId} of target ${field(target.name)}: ${queued} job${queued === 1 ? '' : 's'} queued${run.jobs.length > queued ? ` (${run.jobs.length - queued} already waiting)` : ''}.`,
            );
          },
          location,
        );
      },
    );
}

async function withQueue(
  cli: Cli,
  command: string,
  fn: (
    store: Parameters<Parameters<Cli['withStore']>[1]>[0],
    queue: Awaited<ReturnType<Awaited<ReturnType<Cli['lib']>>['openQueue']>>,
    lib: Awaited<ReturnType<Cli['lib']>>,
  ) => Promise<void>,
  location = postgresLocation(cli, command),
): Promise<void> {
  await cli.withStore({ location }, async (store, lib) => {
    const queue = await lib.openQueue(location, { supervise: false });
    try {
      await fn(store, queue, lib);
    } finally {
      await queue.close();
    }
  });
}
