import type { Command } from 'commander';
import { parseSince } from '../../util/time.js';
import type { Cli } from '../context.js';
import { parseFormat } from '../options.js';
import { printJson, printLine, printTable } from '../output.js';

const FORMATS = ['table', 'json'] as const;

export function registerAudit(program: Command, cli: Cli): void {
  program
    .command('audit')
    .description('who changed what and when: console writes (mutes, triage, logins) and token changes')
    .option('--since <when>', 'only entries at or after this (2026-03-01, 7d, 24h)')
    .option('--actor <name>', 'only entries of this token name, proxy user or OS user')
    .option(
      '--action <action>',
      'only this action (mute.add, mute.remove, signal.state, login, token.create, token.revoke)',
    )
    .option('--limit <n>', 'at most this many entries, the latest first', '200')
    .option('-f, --format <format>', FORMATS.join(' | '), 'table')
    .action(
      async (flags: { since?: string; actor?: string; action?: string; limit: string; format: string }) => {
        const format = parseFormat(flags.format, FORMATS, 'table');
        const { InputError } = await cli.lib();
        if (!/^\d{1,6}$/.test(flags.limit) || Number(flags.limit) < 1)
          throw new InputError(`--limit ${flags.limit}: expected a whole number from 1 to 999999`);
        const since = flags.since ? parseSince(flags.since) : undefined;
        await cli.withStore({ readonly: true }, async (store) => {
          const list = await store.console.audit({
            since,
            actor: flags.actor,
            action: flags.action,
            limit: Number(flags.limit),
          });
          if (format === 'json') return printJson(list);
          if (list.length === 0) return printLine('No audit entries.');
          printTable(list, [
            { header: 'when', value: (e) => e.at.slice(0, 19).replace('T', ' ') },
            { header: 'who', value: (e) => `${e.actor} (${e.via})`, max: 40 },
            { header: 'action', value: (e) => e.action },
            { header: 'target', value: (e) => e.target, max: 40 },
            { header: 'detail', value: (e) => JSON.stringify(e.detail), max: 80 },
          ]);
        });
      },
    );
}
