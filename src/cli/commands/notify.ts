import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { InputError } from '../../errors.js';
import { finalizeAlerts } from '../../notify/alerts.js';
import { deliverPending } from '../../notify/deliver.js';
import { bundle, openStore, type GlobalOptions } from '../context.js';
import { parseFormat } from '../format.js';
import { printJson, printLine, stderrLine } from '../output.js';

export function registerNotify(program: Command, globals: () => GlobalOptions): void {
  const notify = program.command('notify').description('alert delivery (the outbox)');

  notify
    .command('flush')
    .description('deliver queued alerts now (for cron after a receiver outage)')
    .requiredOption('--config <file>', 'stance.yaml with the notify: channels')
    .option('--retry-now', 'also retry messages still waiting out their backoff')
    .action(async (flags: { config: string; retryNow?: boolean }) => {
      const config = loadConfig(flags.config);
      if (!config.notify.length) throw new InputError(`config ${flags.config}: no notify: channels`);
      const store = await openStore(globals());
      try {
        await finalizeAlerts(store, config.notify, new Date(), bundle().manifest.version);
        const result = await deliverPending(store, config.notify, new Date(), {
          ignoreBackoff: flags.retryNow,
        });
        for (const error of result.errors) stderrLine(`stance: ${error}`);
        printLine(
          `delivered ${result.delivered}, retrying later ${result.retrying}, given up ${result.failed}`,
        );
      } finally {
        await store.close();
      }
    });

  notify
    .command('status')
    .description('outbox messages: pending, delivered, given up')
    .option('--format <format>', 'table | json', 'table')
    .action(async (flags: { format?: string }) => {
      const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
      const store = await openStore(globals(), true);
      try {
        const status = await store.outbox.status();
        if (format === 'json') return printJson(status);
        printLine(
          `outbox: ${status.pending} pending, ${status.delivered} delivered, ${status.failed} given up`,
        );
      } finally {
        await store.close();
      }
    });
}
