import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StanceConfig } from '../config/load.js';

export type { StanceConfig, TargetConfig } from '../config/load.js';

/** Name of the configuration file looked for in the working directory. */
export const CONFIG_FILE = 'stance.yaml';

/** Reads and validates a stance.yaml; any problem is an InputError naming file, line and field. */
export async function loadConfig(file: string): Promise<StanceConfig> {
  return (await import('../config/load.js')).loadConfig(file);
}

/** Validates stance.yaml text (`${NAME}` read from env). */
export async function parseConfig(
  text: string,
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StanceConfig> {
  return (await import('../config/load.js')).parseConfig(text, file, env);
}

/**
 * The configuration in force: `file` when given (a missing one is an InputError), else
 * `stance.yaml` in `cwd` when there is one, else none.
 */
export async function discoverConfig(
  opts: { file?: string; cwd?: string } = {},
): Promise<{ file: string; config: StanceConfig } | undefined> {
  if (opts.file) return { file: opts.file, config: await loadConfig(opts.file) };
  const found = opts.cwd ? join(opts.cwd, CONFIG_FILE) : CONFIG_FILE;
  if (!existsSync(found)) return undefined;
  return { file: found, config: await loadConfig(found) };
}
