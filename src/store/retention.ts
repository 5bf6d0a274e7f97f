export interface Retention {
  months?: number;
  days?: number;
}

export const DEFAULT_RETENTION: Retention = { months: 15 };

/** The longest window accepted: a century, far beyond any audit period, well inside the dates JavaScript can hold. */
const MAX_MONTHS = 1200;

/** "15mo", "400d", "2y", "12w" → a retention window. */
export function parseRetention(text: string): Retention {
  const m = /^(\d+)\s*(mo|m|d|w|y)$/i.exec(text.trim());
  if (!m) throw new Error('expected a number and a unit: 15mo, 400d, 12w or 2y');
  const n = Number(m[1]);
  if (n <= 0) throw new Error('the retention window must be longer than zero');
  const unit = m[2]!.toLowerCase();
  const retention =
    unit === 'd'
      ? { days: n }
      : unit === 'w'
        ? { days: n * 7 }
        : unit === 'y'
          ? { months: n * 12 }
          : { months: n };
  if ((retention.months ?? 0) > MAX_MONTHS || (retention.days ?? 0) > (MAX_MONTHS / 12) * 366)
    throw new Error(`the retention window can be at most 100 years (${MAX_MONTHS}mo, 100y or 36600d)`);
  return retention;
}

/** The instant before which history is dropped. */
export function cutoffFor(now: Date, retention: Retention = DEFAULT_RETENTION): Date {
  const cutoff = new Date(now.getTime());
  if (retention.months) cutoff.setUTCMonth(cutoff.getUTCMonth() - retention.months);
  if (retention.days) cutoff.setTime(cutoff.getTime() - retention.days * 86_400_000);
  return cutoff;
}
