import type { Command } from 'commander';

/** `--fail-on` → `STANCE_FAIL_ON`: the environment variable every flag can be given by. */
export function envNameOf(long: string): string {
  return `STANCE_${long.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;
}

/**
 * Every flag of every command can come from `STANCE_<FLAG>` (as Trivy's and Prowler's do); a flag on
 * the command line wins. Help and version are flags, not settings: they have no variable.
 */
export function bindEnvironment(command: Command): void {
  for (const option of command.options) {
    if (!option.long || option.envVar || option.long === '--help' || option.long === '--version') continue;
    option.env(envNameOf(option.long));
    // commander listens for a variable only on options given one before they were added: relay
    // the value as the option's own event, after the command line (which wins) was read
    const name = option.name();
    const events = command as unknown as NodeJS.EventEmitter;
    events.on(`optionEnv:${name}`, (value?: string) => events.emit(`option:${name}`, value));
  }
  for (const sub of command.commands) bindEnvironment(sub);
}
