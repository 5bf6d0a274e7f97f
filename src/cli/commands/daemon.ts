import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { createLogger } from '../../log.js';
import { Daemon } from '../../schedule/daemon.js';
import { openStore, type GlobalOptions } from '../context.js';
import { scanCollection } from './scan.js';

export function registerDaemon(program: Command, globals: () => GlobalOptions): void {
  program
    .command('daemon')
    .description(
      'run scheduled scans from stance.yaml targets, send alerts, prune daily (stops cleanly on SIGTERM/SIGINT)',
    )
    .requiredOption('--config <file>', 'stance.yaml with targets (and notify channels)')
    .action(async (flags: { config: string }) => {
      const config = loadConfig(flags.config);
      if (!config.targets.length)
        throw new InputError(`config ${flags.config}: targets: list at least one target to schedule`);
      const log = createLogger();
      const store = openStore(globals());
      const daemon = new Daemon({
        store,
        config,
        log,
        scan: async (target, collection) => {
          const { outcome } = await scanCollection(store, collection, {
            command: `daemon:${target.name}`,
            config,
            notify: config.notify.length > 0,
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
        store.close();
        log.info('stance daemon stopped');
      }
    });
}
