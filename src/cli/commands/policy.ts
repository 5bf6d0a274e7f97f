import type { Command } from 'commander';
import type { Cli } from '../context.js';
import { field, printLine, stderrLine } from '../output.js';

export function registerPolicy(program: Command, cli: Cli): void {
  const policy = program.command('policy').description('user rules: build them into a bundle scans load');
  policy
    .command('build')
    .description(
      'lint and compile the Rego rules of a directory (same METADATA contract as the built-in rules) into DIR/bundle; needs the OPA CLI (PATH or $OPA)',
    )
    .requiredOption(
      '--policies <dir>',
      'directory of rules: <provider>/<service>/<rule>.rego, a _test.rego beside each',
    )
    .option('-o, --output <dir>', 'write the bundle here instead of DIR/bundle')
    .action(async (flags: { policies: string; output?: string }) => {
      const lib = await cli.lib();
      let built: Awaited<ReturnType<typeof lib.buildPolicies>>;
      try {
        built = await lib.buildPolicies(flags.policies, { outDir: flags.output });
      } catch (error) {
        if (!(error instanceof lib.PolicyBuildError)) throw error;
        // every problem found, one line each, each naming its file
        for (const line of error.message.split('\n')) stderrLine(`stance: ${line}`);
        return cli.setExit(error.exitCode);
      }
      const types = Object.keys(built.manifest.entrypoints).length;
      printLine(
        `built ${built.manifest.rules.length} rule(s) for ${types} resource type(s) into ${field(built.outDir)}, bundle ${built.manifest.version}`,
      );
      printLine(
        `scan with them: stance scan ... --policies ${field(flags.policies)} (or policies: in stance.yaml)`,
      );
    });
}
