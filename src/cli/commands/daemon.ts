import type { Command } from 'commander';
import { exitCodeOf } from '../../errors.js';
import type { Logger } from '../../log.js';
import { safeErrorMessage } from '../../util/redact.js';
import type { Cli } from '../context.js';
import { createLogger } from '../log.js';
import { stderrIsTerminal } from '../output.js';
import { healthAddress } from './worker.js';

/** Node's and libraries' process warnings go to the daemon's log instead of plain text on stderr. */
function logWarnings(log: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => log.warn(warning.message, { warning: warning.name }));
}

export function registerDaemon(program: Command, cli: Cli): void {
  program
    .command('daemon')
    .description(
      'run scheduled scans from stance.yaml targets, send alerts, prune daily (stops cleanly on SIGTERM/SIGINT)',
    )
    .requiredOption('--config <file>', 'stance.yaml with targets (and notify channels)')
    .option(
      '--health-address <ip>',
      'the address of the health server (daemon.healthPort) (default 127.0.0.1; 0.0.0.0 for Kubernetes probes)',
    )
    .action(async (flags: { config: string; healthAddress?: string }) => {
      const log = createLogger();
      logWarnings(log);
      try {
        cli.setExit(await daemonCommand(cli, flags.config, healthAddress(flags.healthAddress), log));
      } catch (error) {
        // On a terminal the CLI prints its usual one line; off one, every line the daemon writes is JSON.
        if (stderrIsTerminal()) throw error;
        log.error(safeErrorMessage(error));
        cli.setExit(exitCodeOf(error));
      }
    });
}

/** Runs until SIGTERM/SIGINT; resolves to the exit code (4 when another daemon took the database over). */
async function daemonCommand(
  cli: Cli,
  configFile: string,
  address: string | undefined,
  log: Logger,
): Promise<number> {
  const config = await cli.config(configFile);
  const lib = await cli.lib();
  if (!config?.targets.length)
    throw new lib.InputError(`config ${configFile}: targets: list at least one target to schedule`);
  const stop = new AbortController();
  const onSignal = (signal: string) => stop.abort(signal);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const location = cli.dbLocation();
  return cli.withStore({}, async (store) => {
    const common = { store, config, log, signal: stop.signal, configFile, healthAddress: address };
    if (!store.scheduling) return lib.runDaemon(common);
    // PostgreSQL: runs go to the job queue, for `stance worker`s
    const queue = await openQueueRetrying(lib, location, log);
    try {
      return await lib.runDaemon({ ...common, queue });
    } finally {
      await queue.close();
    }
  });
}

/**
 * Opens the job queue; daemons and workers starting at once race to create pg-boss's schema and
 * queues, and the loser of a race gets a conflict: it tries again (a few times, with a pause).
 */
async function openQueueRetrying(
  lib: Awaited<ReturnType<Cli['lib']>>,
  location: string,
  log: Logger,
): Promise<Awaited<ReturnType<typeof lib.openQueue>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lib.openQueue(location, {
        onError: (error) => log.warn('job queue', { error: safeErrorMessage(error) }),
      });
    } catch (error) {
      if (attempt >= 5 || !(error instanceof lib.StoreError) || error.code !== 'locked') throw error;
      log.info('job queue busy (another process is creating it); retrying', { attempt });
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt + Math.random() * 300));
    }
  }
}
