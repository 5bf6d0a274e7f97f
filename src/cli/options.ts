/** Parsing of option values shared by the commands: one message per mistake, naming the flag (exit 2). */
import { InputError } from '../errors.js';
import { REGION_NAME } from '../model/aws-ids.js';
import { SEVERITIES, type Severity } from '../types.js';

export function parseFormat<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`--format ${value}: expected one of ${allowed.join(', ')}`);
}

export function parseSeverity(value: string, flag: string): Severity {
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  throw new InputError(`${flag} ${value}: expected one of ${SEVERITIES.join(', ')}`);
}

export function parseChoice<T extends string>(value: string, flag: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${flag} ${value}: expected one of ${allowed.join(', ')}`);
}

export function parseThreads(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new InputError(`--threads ${value}: expected a whole number from 1 to 64`);
  return n;
}

/** `a, b,c` → ['a', 'b', 'c']. */
export const commaList = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Collects a repeatable option's values. */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The filter flags findings, report, mute list and signals share, with one meaning each. */
export interface FilterFlags {
  account?: string;
  region?: string;
  cluster?: string;
  namespace?: string;
  severity?: string;
  rule?: string;
  status?: string;
  since?: string;
}

type FilterName = keyof FilterFlags;

const FILTER_HELP: Record<FilterName, [string, string]> = {
  account: ['--account <id>', 'only this AWS account'],
  region: ['--region <region>', 'only this AWS region (global resources included)'],
  cluster: ['--cluster <name>', 'only this Kubernetes cluster'],
  namespace: ['--namespace <ns>', 'only this Kubernetes namespace (cluster-scoped objects included)'],
  severity: ['--severity <severity>', 'only this severity and above'],
  rule: ['--rule <id>', 'only this rule'],
  status: ['--status <status>', 'only this status'],
  since: [
    '--since <when>',
    'only since then: a date (2026-03-31), an ISO date-time, or a duration back (24h, 7d)',
  ],
};

/** Adds the named filter flags; `status` takes the command's own list of values. */
export function addFilterOptions<C extends { option(flags: string, description: string): C }>(
  command: C,
  names: FilterName[],
  statusValues?: readonly string[],
): C {
  for (const name of names) {
    const [flags, help] = FILTER_HELP[name];
    command.option(
      flags,
      name === 'status' && statusValues ? `${statusValues.join(' | ')} (default: all)` : help,
    );
  }
  return command;
}

/** The --account/--region/--cluster/--namespace flags as the library's scope filters. */
export function scopeFiltersOf(flags: FilterFlags) {
  return { account: flags.account, region: flags.region, cluster: flags.cluster, namespace: flags.namespace };
}

export function parseStatus<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  return value === undefined ? undefined : parseChoice(value, '--status', allowed);
}

/** `--regions us-east-1,eu-west-1`: AWS region names, checked. */
export function regionList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const regions = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of regions)
    if (!REGION_NAME.test(r))
      throw new InputError(`--regions: ${r} is not an AWS region name (e.g. us-east-1)`);
  if (regions.length === 0) throw new InputError('--regions: empty list');
  return regions;
}
