import { InputError } from '../errors.js';

export type OutputFormat = 'table' | 'json';

export function parseFormat<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`--format ${value}: expected one of ${allowed.join(', ')}`);
}

export { printJson } from './output.js';

export function iso(ms: number | Date | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return new Date(ms).toISOString();
}
