import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { createLogger, type Logger } from '../../log.js';
import { Daemon } from '../../schedule/daemon.js';
import { DaemonLock } from '../../store/index.js';
import { safeErrorMessage } from '../../util/redact.js';
import { openStore, type GlobalOptions } from '../context.js';
import { stderrIsTerminal } from '../output.js';
import { exitCodeOf } from '../main.js';
import { scanCollection } from './scan.js';

/** Node's and libraries' process warnings go to the daemon's log instead of plain text on stderr. */
function logWarnings(log: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => log.warn(warning.message, { warning: warning.name }));
}

export function registerDaemon(
  program: Command,
  globals: () => GlobalOptions,
  setExit: (code: number) => void,
): void {
  program
    .command('daemon')
    .description(
      'run scheduled scans from stance.yaml targets, send alerts, prune daily (stops cleanly on SIGTERM/SIGINT)',
    )
    .requiredOption('--config <file>', 'stance.yaml with targets (and notify channels)')
    .action(async (flags: { config: string }) => {
      const log = createLogger();
      logWarnings(log);
      try {
        setExit(await runDaemon(flags.config, globals(), log));
      } catch (error) {
        // On a terminal the CLI prints its usual one line; off one, every line the daemon writes is JSON.
        if (stderrIsTerminal()) throw error;
        log.error(safeErrorMessage(error));
        setExit(exitCodeOf(error));
      }
    });
}

/** Runs until SIGTERM/SIGINT; resolves to the exit code (4 when another daemon took the database over). */
async function runDaemon(configFile: string, globals: GlobalOptions, log: Logger): Promise<number> {
  const config = loadConfig(configFile);
  if (!config.targets.length)
    throw new InputError(`config ${configFile}: targets: list at least one target to schedule`);
  const store = await openStore(globals);
  let lock: DaemonLock;
  try {
    lock = await DaemonLock.acquire(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const daemon = new Daemon({
    store,
    config,
    log,
    lock,
    scan: async (target, collection) => {
      const { outcome } = await scanCollection(store, collection, {
        command: `daemon:${target.name}`,
        config,
        notify: config.notify.length > 0,
        deliver: false, // the daemon delivers right after the scan and logs each attempt
        pssVersion: target.pssVersion,
      });
      return {
        scanId: outcome.scanId,
        status: outcome.status,
        newFailures: outcome.scopes.reduce(
          (n, s) => n + s.transitions.filter((t) => t.to === 'fail').length,
          0,
        ),
      };
    },
  });
  const stop = (signal: string) => void daemon.stop(signal);
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  log.info('stance daemon started', {
    targets: config.targets.length,
    channels: config.notify.length,
    pid: process.pid,
  });
  try {
    await daemon.start();
  } finally {
    if (!daemon.lostLock) await lock.release();
    await store.close();
    log.info('stance daemon stopped');
  }
  return daemon.lostLock ? 4 : 0;
}
