export interface Retention {
  months?: number;
  days?: number;
}

export const DEFAULT_RETENTION: Retention = { months: 15 };

/** "15mo", "400d", "2y", "12w" → a retention window. */
export function parseRetention(text: string): Retention {
  const m = /^(\d+)\s*(mo|m|d|w|y)$/i.exec(text.trim());
  if (!m) throw new Error('expected a number and a unit: 15mo, 400d, 12w or 2y');
  const n = Number(m[1]);
  if (n <= 0) throw new Error('the retention window must be longer than zero');
  const unit = m[2]!.toLowerCase();
  if (unit === 'd') return { days: n };
  if (unit === 'w') return { days: n * 7 };
  if (unit === 'y') return { months: n * 12 };
  return { months: n };
}

/** The instant before which history is dropped. */
export function cutoffFor(now: Date, retention: Retention = DEFAULT_RETENTION): Date {
  const cutoff = new Date(now.getTime());
  if (retention.months) cutoff.setUTCMonth(cutoff.getUTCMonth() - retention.months);
  if (retention.days) cutoff.setTime(cutoff.getTime() - retention.days * 86_400_000);
  return cutoff;
}
