import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Cli } from '../context.js';
import { parseFormat } from '../options.js';
import { printJson, printLine } from '../output.js';
import { printDeliveryErrors } from '../scan-output.js';

export function registerNotify(program: Command, cli: Cli): void {
  const notify = program.command('notify').description('alert delivery (the outbox)');

  notify
    .command('flush')
    .description('deliver queued alerts now (for cron after a receiver outage)')
    .requiredOption('--config <file>', 'stance.yaml with the notify: channels')
    .option('--retry-now', 'also retry messages still waiting out their backoff')
    .action(async (flags: { config: string; retryNow?: boolean }) => {
      const config = await cli.config(flags.config);
      if (!config?.notify.length) throw new InputError(`config ${flags.config}: no notify: channels`);
      await cli.withStore({}, async (store, lib) => {
        const result = await lib.flushAlerts(store, config.notify, { retryNow: flags.retryNow });
        printDeliveryErrors(result.errors);
        printLine(
          `delivered ${result.delivered}, retrying later ${result.retrying}, given up ${result.failed}; ` +
            `${result.pending} message(s) pending in the outbox (stance notify status)`,
        );
      });
    });

  notify
    .command('status')
    .description('outbox messages: pending, delivered, given up')
    .option('-f, --format <format>', 'table | json', 'table')
    .action((flags: { format?: string }) =>
      cli.withStore({ readonly: true }, async (store, lib) => {
        const format = parseFormat(flags.format, ['table', 'json'] as const, 'table');
        const status = await lib.outboxStatus(store);
        if (format === 'json') return printJson(status);
        printLine(
          `outbox: ${status.pending} pending, ${status.delivered} delivered, ${status.failed} given up`,
        );
      }),
    );
}
