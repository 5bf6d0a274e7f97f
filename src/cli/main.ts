import { Command, CommanderError } from 'commander';
import { exitCodeOf } from '../errors.js';
import { packageVersion } from '../paths.js';
import { safeErrorMessage } from '../util/redact.js';
import { COMMANDS } from './commands/index.js';
import { Cli } from './context.js';
import { bindEnvironment } from './env-flags.js';
import { printText, routeConsoleToStderr, stderrLine, stderrText } from './output.js';

const HELP_FLAGS = new Set(['-h', '--help']);

/** Help is being asked for: option descriptions that need the library (the AWS services) are filled in. */
const wantsHelp = (args: string[]) => args.some((a) => HELP_FLAGS.has(a)) || args[0] === 'help';

/** Runs the CLI and resolves to the process exit code; errors become one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  routeConsoleToStderr();
  const program = new Command();
  program
    .name('stance')
    .description(
      'Cloud security posture scanner: AWS and Kubernetes configuration checked against Rego policies, with history.',
    )
    .option(
      '--db <path|url>',
      'SQLite database file, or a postgres:// URL (default ./stance.db, or $STANCE_DB)',
    )
    .option('--debug', 'show stack traces and debug logs')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run stance --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: printText, writeErr: stderrText });
  const cli = new Cli(program);
  if (wantsHelp(argv.slice(2))) {
    const services = await (await cli.lib()).awsServices();
    cli.awsServicesHelp = ` (${services.join(', ')})`;
  }
  for (const register of COMMANDS) register(program, cli);
  bindEnvironment(program);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(argv);
    return cli.exit;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    stderrLine(`stance: ${safeErrorMessage(error)}`);
    if (cli.globals().debug && error instanceof Error && error.stack) stderrText(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}
