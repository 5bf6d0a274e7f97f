import type { Command } from 'commander';
import { isIP } from 'node:net';
import { exitCodeOf, InputError } from '../../errors.js';
import { safeErrorMessage } from '../../util/redact.js';
import type { Cli } from '../context.js';
import { createLogger } from '../log.js';
import { repeatable } from '../options.js';
import { stderrIsTerminal } from '../output.js';

/** A whole number in [min, max] for a flag, or a one-line usage error naming it. */
export function wholeNumber(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new InputError(`${flag} ${value}: expected a whole number from ${min} to ${max}`);
  return n;
}

/** --health-address: an IP address to listen on (127.0.0.1 when absent), or a one-line usage error. */
export function healthAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIP(value))
    throw new InputError(
      `--health-address ${value.slice(0, 80)}: expected an IP address (127.0.0.1, 0.0.0.0, ::)`,
    );
  return value;
}

/** The --db of a distributed-mode command: a postgres:// URL, or a one-line usage error. */
export function postgresLocation(cli: Cli, command: string): string {
  const location = cli.dbLocation();
  if (!/^postgres(ql)?:\/\//i.test(location))
    throw new InputError(
      `stance ${command}: distributed mode needs PostgreSQL: give --db postgres://… (or $STANCE_DB); ${location.includes('://') ? 'that URL is' : `${location} is a file (SQLite)`} not one`,
    );
  return location;
}

/** Below this, renewals (every third of the lease) would race the database's own latency. */
const MIN_LEASE_TTL_SECONDS = 2;

interface WorkerFlags {
  config?: string;
  queue?: string[];
  cluster?: string;
  concurrency?: string;
  accountConcurrency?: string;
  awsRate?: string;
  awsBurst?: string;
  healthPort?: string;
  healthAddress?: string;
  leaseTtl?: string;
  grace?: string;
}

export function registerWorker(program: Command, cli: Cli): void {
  program
    .command('worker')
    .description(
      'run jobs from the PostgreSQL job queue (distributed mode): collect, evaluate, commit each once; stops cleanly on SIGTERM/SIGINT',
    )
    .option('--config <file>', 'stance.yaml with the targets the jobs name (default ./stance.yaml)')
    .option(
      '--queue <name>',
      'fetch from this queue (repeatable; default stance.aws, stance.k8s and stance.detect)',
      repeatable,
    )
    .option(
      '--cluster <name>',
      "fetch only this private cluster's queue, stance.k8s.<name> (an in-cluster agent)",
    )
    .option('--concurrency <n>', 'jobs run at once by this worker (default 1)')
    .option('--account-concurrency <n>', 'jobs of one AWS account at once, across all workers (default 2)')
    .option(
      '--aws-rate <n>',
      'AWS API requests per second per account and service, across all workers (default 20)',
    )
    .option('--aws-burst <n>', 'requests allowed at once above the rate (default twice the rate)')
    .option('--health-port <port>', 'serve GET /healthz and GET /metrics on port <port>')
    .option(
      '--health-address <ip>',
      'the address the health server listens on (default 127.0.0.1; 0.0.0.0 for Kubernetes probes)',
    )
    .option(
      '--lease-ttl <seconds>',
      "a job's lease: renewed every third of it while the job runs; a killed worker's job is taken over after it (default 60)",
    )
    .option(
      '--grace <seconds>',
      'on SIGTERM/SIGINT, time for running jobs to finish before they are released (default 30)',
    )
    .action(async (flags: WorkerFlags) => {
      const log = createLogger();
      try {
        cli.setExit(await workerCommand(cli, flags, log));
      } catch (error) {
        if (stderrIsTerminal()) throw error;
        log.error(safeErrorMessage(error));
        cli.setExit(exitCodeOf(error));
      }
    });
}

async function workerCommand(
  cli: Cli,
  flags: WorkerFlags,
  log: ReturnType<typeof createLogger>,
): Promise<number> {
  const location = postgresLocation(cli, 'worker');
  if (flags.cluster && flags.queue?.length)
    throw new InputError('--cluster and --queue: give one or the other');
  const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1, 64);
  const accountConcurrency = wholeNumber(flags.accountConcurrency, '--account-concurrency', 1, 1000);
  const rate = wholeNumber(flags.awsRate, '--aws-rate', 1, 100_000);
  const burst = wholeNumber(flags.awsBurst, '--aws-burst', 1, 1_000_000);
  const healthPort = wholeNumber(flags.healthPort, '--health-port', 1, 65535);
  const grace = wholeNumber(flags.grace, '--grace', 0, 86_400);
  const address = healthAddress(flags.healthAddress);
  const leaseTtl = wholeNumber(flags.leaseTtl, '--lease-ttl', MIN_LEASE_TTL_SECONDS, 86_400);
  const lib = await cli.lib();
  // An in-cluster agent (--cluster) runs its own cluster's jobs without a stance.yaml.
  const found = await cli.config(flags.config);
  if (!found?.targets.length && !flags.cluster)
    throw new lib.InputError(
      `config ${flags.config ?? 'stance.yaml'}: targets: the worker runs jobs of stance.yaml targets; list them (or pass --config)`,
    );
  const config = found ?? (await lib.parseConfig('{}', 'stance.yaml'));
  const stop = new AbortController();
  const onSignal = (signal: string) => stop.abort(signal);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const perSecond = rate ?? lib.DEFAULT_WORKER_SETTINGS.awsRate.perSecond;
  const code = await cli.withStore({ location }, (store) =>
    lib.runWorker({
      store,
      location,
      config,
      log,
      signal: stop.signal,
      cluster: flags.cluster,
      queues: flags.queue?.length ? flags.queue : undefined,
      concurrency,
      accountConcurrency,
      awsRate:
        rate !== undefined || burst !== undefined
          ? { perSecond, burst: burst ?? Math.max(1, perSecond * 2) }
          : undefined,
      healthPort,
      healthAddress: address,
      graceMs: grace !== undefined ? grace * 1000 : undefined,
      leaseTtlMs: leaseTtl !== undefined ? leaseTtl * 1000 : undefined,
    }),
  );
  // A job released while stuck in a call that ignored its abort may still hold a socket open:
  // once the worker has stopped, nothing is left to finish, so the process ends regardless.
  setTimeout(() => process.exit(), 2_000).unref();
  return code;
}
