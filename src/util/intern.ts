/**
 * One copy of each distinct string: rows read from a database come back with a fresh copy of every
 * value, so a column that repeats (an id per rule, an account, a severity) is held once per row.
 */
export function interner(): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
}

/** The rows, each of their string values interned. */
export function internRows<T extends object>(rows: T[]): T[] {
  const intern = interner();
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    for (const key of Object.keys(r)) {
      const value = r[key];
      if (typeof value === 'string') r[key] = intern(value);
    }
  }
  return rows;
}
