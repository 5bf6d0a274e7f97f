import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { sanitizeTerminalField } from '../../util/terminal-text.js';
import type { Cli } from '../context.js';
import { parseFormat } from '../options.js';
import { printJson, printLine, printTable, stderrLine } from '../output.js';

const FORMATS = ['table', 'json'] as const;

export function registerToken(program: Command, cli: Cli): void {
  const token = program.command('token').description('API tokens of the web console (stance serve)');
  token
    .command('create')
    .description('create a token; its secret is printed once (the database keeps only a hash)')
    .requiredOption('--name <name>', 'who the token is for (the audit shows it)')
    .requiredOption('--role <role>', 'viewer (reads) | editor (also mutes and triages)')
    .action(async (flags: { name: string; role: string }) => {
      const { createToken } = await import('../../serve/tokens.js');
      await cli.withStore({}, async (store) => {
        const created = await createToken(store, { ...flags, by: userInfo().username });
        stderrLine(
          `created token ${sanitizeTerminalField(created.name)} (${created.role}); keep the secret, it is not shown again:`,
        );
        printLine(created.secret);
      });
    });
  token
    .command('list')
    .description('tokens, revoked ones too')
    .option('-f, --format <format>', FORMATS.join(' | '), 'table')
    .action(async (flags: { format: string }) => {
      const format = parseFormat(flags.format, FORMATS, 'table');
      await cli.withStore({ readonly: true }, async (store) => {
        const list = await store.console.tokens();
        if (format === 'json') return printJson(list);
        if (list.length === 0) return printLine('No tokens.');
        printTable(list, [
          { header: 'id', value: (t) => String(t.id) },
          { header: 'name', value: (t) => t.name, max: 40 },
          { header: 'role', value: (t) => t.role },
          { header: 'created', value: (t) => t.createdAt.slice(0, 16).replace('T', ' ') },
          { header: 'last used', value: (t) => t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '-' },
          {
            header: 'revoked',
            value: (t) =>
              t.revokedAt ? `${t.revokedAt.slice(0, 16).replace('T', ' ')} by ${t.revokedBy ?? '?'}` : '-',
          },
        ]);
      });
    });
  token
    .command('revoke <token>')
    .description('revoke a token by id or name; its console sessions end')
    .action(async (key: string) => {
      const { revokeToken } = await import('../../serve/tokens.js');
      await cli.withStore({}, async (store) => {
        await revokeToken(store, { token: key, by: userInfo().username });
        stderrLine(`revoked token ${sanitizeTerminalField(key)}`);
      });
    });
}
