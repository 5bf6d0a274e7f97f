/**
 * Field access by Sigma field name: dots walk nested objects (`userIdentity.arn`,
 * `requestParameters.instancesSet.items.instanceId`); arrays on the way are searched element by
 * element, so a field yields every value it reaches.
 */
export type FieldGetter = (record: unknown) => unknown[];

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, parts, i, out);
    return;
  }
  if (i === parts.length) {
    out.push(value);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  // A key that itself contains dots (rare) wins over walking.
  const rest = parts.slice(i).join('.');
  if (i < parts.length - 1 && rest in object) {
    collect(object[rest], parts, parts.length, out);
    return;
  }
  collect(object[parts[i]!], parts, i + 1, out);
}

const EMPTY: unknown[] = [];

export function fieldGetter(field: string): FieldGetter {
  const parts = field.split('.');
  if (parts.length === 1) {
    return (record) => {
      const value = (record as Record<string, unknown>)[field];
      if (value === undefined) return EMPTY;
      if (Array.isArray(value)) {
        const out: unknown[] = [];
        collect(value, parts, 1, out);
        return out;
      }
      return [value];
    };
  }
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    return (record) => {
      const top = (record as Record<string, unknown>)[a];
      if (top && typeof top === 'object' && !Array.isArray(top)) {
        const value = (top as Record<string, unknown>)[b];
        if (value === undefined)
          return field in (record as object) ? [(record as Record<string, unknown>)[field]] : EMPTY;
        if (!Array.isArray(value)) return [value];
      }
      const out: unknown[] = [];
      collect(record, parts, 0, out);
      return out;
    };
  }
  return (record) => {
    const out: unknown[] = [];
    collect(record, parts, 0, out);
    return out;
  };
}

/** A field's first value as text, for grouping keys and messages ("" when absent). */
export function firstText(getter: FieldGetter, record: unknown): string {
  const values = getter(record);
  for (const v of values) {
    if (v === null || v === undefined) continue;
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return '';
}

/**
 * A field's values one at a time, without building a list for the common shapes (a top-level or
 * two-level value that is not an array): true as soon as `visit` returns true. Visits exactly the
 * values fieldGetter returns, in the same order.
 */
export type FieldScanner = (record: unknown, visit: (value: unknown) => boolean) => boolean;

export function fieldScanner(field: string): FieldScanner {
  const getter = fieldGetter(field);
  const every = (record: unknown, visit: (value: unknown) => boolean): boolean => {
    for (const value of getter(record)) if (visit(value)) return true;
    return false;
  };
  const parts = field.split('.');
  if (parts.length === 1) {
    return (record, visit) => {
      const value = (record as Record<string, unknown>)[field];
      if (value === undefined) return false;
      return Array.isArray(value) ? every(record, visit) : visit(value);
    };
  }
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    return (record, visit) => {
      const top = (record as Record<string, unknown>)[a];
      if (top && typeof top === 'object' && !Array.isArray(top)) {
        const value = (top as Record<string, unknown>)[b];
        if (value !== undefined && !Array.isArray(value)) return visit(value);
      }
      return every(record, visit);
    };
  }
  return every;
}

/** A value as text for grouping keys ("" for null and undefined, JSON for objects). */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A field's first value as text, as firstText gives it, without building a list for the common shapes. */
export type TextGetter = (record: unknown) => string;

export function fieldText(field: string): TextGetter {
  const getter = fieldGetter(field);
  const general = (record: unknown) => firstText(getter, record);
  const parts = field.split('.');
  if (parts.length === 1) {
    return (record) => {
      const value = (record as Record<string, unknown>)[field];
      return Array.isArray(value) ? general(record) : textOf(value);
    };
  }
  if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    return (record) => {
      const top = (record as Record<string, unknown>)[a];
      if (top && typeof top === 'object' && !Array.isArray(top)) {
        const value = (top as Record<string, unknown>)[b];
        if (value !== undefined && !Array.isArray(value)) return textOf(value);
      }
      return general(record);
    };
  }
  return general;
}
