import { Command, CommanderError } from 'commander';
import { StanceError } from '../errors.js';
import { BundleError } from '../policy/bundle.js';
import { StoreError } from '../store/index.js';
import { EXIT } from '../scan/exit-codes.js';
import type { GlobalOptions } from './context.js';
import { packageVersion } from '../paths.js';
import { registerDb } from './commands/db.js';
import { registerDemo } from './commands/demo.js';
import { registerQueries } from './commands/query.js';
import { registerScan } from './commands/scan.js';
import { registerReport } from './commands/report.js';
import { registerMute } from './commands/mute.js';
import { registerNotify } from './commands/notify.js';
import { registerDaemon } from './commands/daemon.js';
import { registerCollect } from './commands/collect.js';
import { registerDetect } from './commands/detect.js';
import { registerSignals } from './commands/signals.js';
import { registerNode } from './commands/node.js';
import { safeErrorMessage } from '../util/redact.js';
import { printText, routeConsoleToStderr, stderrLine, stderrText } from './output.js';

export function exitCodeOf(error: unknown): number {
  if (error instanceof StanceError) return error.exitCode;
  if (error instanceof StoreError && error.code === 'missing') return EXIT.input;
  if (error instanceof StoreError || error instanceof BundleError) return EXIT.runtime;
  return EXIT.runtime;
}

/** Runs the CLI and resolves to the process exit code; errors become one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  routeConsoleToStderr();
  let exitCode: number = EXIT.ok;
  const program = new Command();
  program
    .name('stance')
    .description(
      'Cloud security posture scanner: AWS and Kubernetes configuration checked against Rego policies, with history.',
    )
    .option('--db <path>', 'SQLite database (default ./stance.db, or $STANCE_DB)')
    .option('--debug', 'show stack traces and debug logs')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run stance --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: printText, writeErr: stderrText });
  const globals = () => program.opts<GlobalOptions>();
  const setExit = (code: number) => {
    exitCode = code;
  };

  registerScan(program, globals, setExit);
  registerCollect(program, setExit);
  registerNode(program, globals, setExit);
  registerQueries(program, globals);
  registerReport(program, globals);
  registerMute(program, globals);
  registerNotify(program, globals);
  registerDaemon(program, globals, setExit);
  registerDb(program, globals);
  registerDemo(program, globals, setExit);
  registerDetect(program, globals, setExit);
  registerSignals(program, globals);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT.ok;
      return EXIT.input;
    }
    stderrLine(`stance: ${safeErrorMessage(error)}`);
    if (globals().debug && error instanceof Error && error.stack) stderrText(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}
