import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { Cli } from '../context.js';
import { repeatable } from '../options.js';
import { stderrLine } from '../output.js';

interface ServeFlags {
  host: string;
  port: string;
  tlsCert?: string;
  tlsKey?: string;
  behindTlsProxy?: boolean;
  auth?: boolean;
  publicHost?: string[];
  proxyUserHeader?: string;
  proxyRole: string;
  trustedProxy?: string[];
  config?: string;
}

export function registerServe(program: Command, cli: Cli): void {
  program
    .command('serve')
    .description('the web console and its JSON API (stops on SIGTERM/SIGINT)')
    .option(
      '--host <address>',
      'address to listen on; off loopback needs TLS and logs in with API tokens',
      '127.0.0.1',
    )
    .option('--port <port>', 'port (0: any free one)', '7420')
    .option('--tls-cert <file>', 'TLS certificate (PEM), with --tls-key')
    .option('--tls-key <file>', 'TLS private key (PEM), with --tls-cert')
    .option(
      '--behind-tls-proxy',
      'a TLS-terminating reverse proxy is in front (instead of --tls-cert/--tls-key)',
    )
    .option('--auth', 'require a login on loopback too (always required off loopback)')
    .option(
      '--public-host <name>',
      'a host name the console is reached by (Host header check; repeatable)',
      repeatable,
    )
    .option('--proxy-user-header <name>', "a trusted reverse proxy's header naming the signed-in user (SSO)")
    .option('--proxy-role <role>', 'role of proxy users: viewer | editor', 'viewer')
    .option(
      '--trusted-proxy <address>',
      'peer address allowed to set --proxy-user-header (repeatable; default loopback)',
      repeatable,
    )
    .option('--config <file>', 'stance.yaml whose mutes and rules apply (default: ./stance.yaml if present)')
    .action((flags: ServeFlags) => serveCommand(cli, flags));
}

async function serveCommand(cli: Cli, flags: ServeFlags): Promise<void> {
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535)
    throw new InputError(`--port ${flags.port}: expected a port number`);
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined))
    throw new InputError('--tls-cert and --tls-key go together');
  if (flags.proxyRole !== 'viewer' && flags.proxyRole !== 'editor')
    throw new InputError(`--proxy-role ${flags.proxyRole}: expected viewer or editor`);
  const { checkBindRules, startServer } = await import('../../serve/server.js');
  const tls = flags.tlsCert && flags.tlsKey ? { cert: flags.tlsCert, key: flags.tlsKey } : undefined;
  checkBindRules({ host: flags.host, tls, behindTlsProxy: flags.behindTlsProxy });
  const config = await cli.config(flags.config);
  await cli.withStore({}, async (store) => {
    const tokens = await store.console.tokens();
    const running = await startServer({
      store,
      config,
      host: flags.host,
      port,
      tls,
      behindTlsProxy: flags.behindTlsProxy,
      authenticate: flags.auth,
      publicHosts: flags.publicHost,
      proxyUserHeader: flags.proxyUserHeader,
      proxyRole: flags.proxyRole as 'viewer' | 'editor',
      trustedProxies: flags.trustedProxy,
      localUser: userInfo().username,
      log: stderrLine,
    });
    stderrLine(`stance console: ${running.url}`);
    if (
      (flags.auth || tls || flags.behindTlsProxy) &&
      !tokens.some((t) => !t.revokedAt) &&
      !flags.proxyUserHeader
    )
      stderrLine(
        'stance serve: no API token yet; create one with `stance token create --name NAME --role editor`',
      );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    await running.close();
  });
}
