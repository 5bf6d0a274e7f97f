import { InputError } from '../errors.js';

const UNIT_MS = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
} as const;

const DURATION = /^(\d+)\s*(ms|s|m|h|d|w|M|y)$/;

/** `90s`, `15m`, `48h`, `7d`, `2w` (and `M` months of 30 days, `y` years of 365), in milliseconds. */
export function parseDurationMs(value: string, flag: string): number {
  const m = DURATION.exec(value.trim());
  if (!m) throw new InputError(`${flag} ${value}: expected a duration such as 15m, 48h, 7d or 2w`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/**
 * What every `--since` accepts: a date (`2026-03-01`, from UTC midnight), an ISO date-time, or a
 * duration back from now (`24h`, `7d`, `2w`).
 */
export function parseSince(value: string, flag = '--since', now: Date = new Date()): Date {
  const text = value.trim();
  if (DURATION.test(text)) return new Date(now.getTime() - parseDurationMs(text, flag));
  const ms = /^\d{4}-\d\d-\d\d$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (Number.isNaN(ms))
    throw new InputError(
      `${flag} ${value}: expected a date (2026-03-31), an ISO date-time or a duration back from now (24h, 7d)`,
    );
  return new Date(ms);
}
