/**
 * What every command gets: the global options, the library (loaded when a command runs, so
 * `stance --version` loads none of it), the configuration, the database, and the exit code.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { StanceConfig, Store } from '../index.js';
import { stderrLine } from './output.js';

export type Library = typeof import('../index.js');

export interface GlobalOptions {
  db?: string;
  debug?: boolean;
}

/** The library, imported on first use. */
export function library(): Promise<Library> {
  return import('../index.js');
}

export class Cli {
  private exitCode = 0;
  private configLoaded?: Promise<StanceConfig | undefined>;
  /** ` (iam, s3, ...)` when help is shown: the AWS collectors load only for that. */
  awsServicesHelp = '';

  constructor(readonly program: Command) {}

  globals(): GlobalOptions {
    return this.program.opts<GlobalOptions>();
  }

  get exit(): number {
    return this.exitCode;
  }

  setExit(code: number): void {
    this.exitCode = code;
  }

  lib(): Promise<Library> {
    return library();
  }

  /**
   * The configuration in force: `--config FILE` (or STANCE_CONFIG), else ./stance.yaml when there
   * is one, so its mutes apply to every command without --config.
   */
  async config(file: string | undefined): Promise<StanceConfig | undefined> {
    this.configLoaded ??= this.lib().then(async (lib) => (await lib.discoverConfig({ file }))?.config);
    return this.configLoaded;
  }

  /** The --db location: a file path (resolved) or a database URL (as given). */
  dbLocation(fallback = 'stance.db'): string {
    const location = this.globals().db ?? process.env.STANCE_DB ?? fallback;
    return /^[a-z][a-z0-9+.-]+:\/\//i.test(location) || location === ':memory:'
      ? location
      : resolve(location);
  }

  /** Opens the database; what an upgrade of it removed is said once on stderr. */
  async openStore(opts: { readonly?: boolean; location?: string } = {}): Promise<Store> {
    const lib = await this.lib();
    return lib.openStore(opts.location ?? this.dbLocation(), {
      readonly: opts.readonly,
      onNotice: (line) => stderrLine(`stance: ${line}`),
    });
  }

  /** Runs `fn` with the database open, and closes it whatever happens. */
  async withStore<T>(
    opts: { readonly?: boolean; location?: string },
    fn: (store: Store, lib: Library) => Promise<T>,
  ): Promise<T> {
    const lib = await this.lib();
    const store = await this.openStore(opts);
    try {
      return await fn(store, lib);
    } finally {
      await store.close();
    }
  }
}
