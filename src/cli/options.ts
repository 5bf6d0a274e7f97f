/** Parsing of option values shared by the commands: one message per mistake, naming the flag (exit 2). */
import { InputError } from '../errors.js';
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
