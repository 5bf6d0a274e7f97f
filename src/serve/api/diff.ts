/** A structural diff of two JSON values: the paths whose values differ, added or removed. */

export interface Change {
  /** JSON Pointer (RFC 6901) of the changed value. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

const pointer = (path: string, key: string | number) =>
  `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** At most `limit` changes (a huge configuration rewrite is cut, and says so through `truncated`). */
export function jsonDiff(a: unknown, b: unknown, limit = 2000): { changes: Change[]; truncated: boolean } {
  const changes: Change[] = [];
  let truncated = false;
  const walk = (x: unknown, y: unknown, path: string, depth: number): void => {
    if (changes.length >= limit) {
      truncated = true;
      return;
    }
    if (depth < 64 && isObject(x) && isObject(y)) {
      for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
        if (!Object.hasOwn(y, key)) changes.push({ path: pointer(path, key), kind: 'removed', from: x[key] });
        else if (!Object.hasOwn(x, key))
          changes.push({ path: pointer(path, key), kind: 'added', to: y[key] });
        else walk(x[key], y[key], pointer(path, key), depth + 1);
      }
      return;
    }
    if (depth < 64 && Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) {
        if (i >= y.length) changes.push({ path: pointer(path, i), kind: 'removed', from: x[i] });
        else if (i >= x.length) changes.push({ path: pointer(path, i), kind: 'added', to: y[i] });
        else walk(x[i], y[i], pointer(path, i), depth + 1);
      }
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y))
      changes.push({ path: path || '', kind: 'changed', from: x, to: y });
  };
  walk(a, b, '', 0);
  return { changes: changes.slice(0, limit), truncated: truncated || changes.length > limit };
}
