/**
 * One bound on how deeply nested an input value may be, enforced where input enters (manifests,
 * snapshots, configuration files, live API objects), so that nothing downstream that recurses
 * (JSON serialisation for hashing and for the policy engine, path lookups) can overflow the stack.
 * Real Kubernetes and AWS objects stay far below it: a deep CRD schema reaches some 40 levels.
 */
export const MAX_NESTING_DEPTH = 200;

export type ValuePath = (string | number)[];

interface Frame {
  value: unknown;
  depth: number;
  key: string | number | undefined;
  parent: Frame | undefined;
}

function pathOf(frame: Frame): ValuePath {
  const path: ValuePath = [];
  for (let f: Frame | undefined = frame; f && f.key !== undefined; f = f.parent) path.push(f.key);
  return path.reverse();
}

/**
 * The path to the first container nested deeper than `max` levels (the value itself, if an object
 * or array, is level 1), or undefined when the whole value is within the bound. Iterative: it never
 * recurses, whatever the input.
 */
export function tooDeepPath(value: unknown, max = MAX_NESTING_DEPTH): ValuePath | undefined {
  const stack: Frame[] = [{ value, depth: 1, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (v === null || typeof v !== 'object') continue;
    if (frame.depth > max) return pathOf(frame);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ value: v[i], depth: frame.depth + 1, key: i, parent: frame });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push({
          value: (v as Record<string, unknown>)[keys[i]!],
          depth: frame.depth + 1,
          key: keys[i]!,
          parent: frame,
        });
    }
  }
  return undefined;
}

/** `spec.a[0].b…`: a path for a message, its first segments only (a deep path is hundreds long). */
export function shortPath(path: ReadonlyArray<string | number>, segments = 12): string {
  let out = '';
  for (const part of path.slice(0, segments)) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return (out || '(root)') + (path.length > segments ? '…' : '');
}

/** The one wording every input uses for a value past the bound. */
export function tooDeepMessage(path: ReadonlyArray<string | number>): string {
  return `${shortPath(path)}: nested deeper than ${MAX_NESTING_DEPTH} levels (Stance reads objects up to ${MAX_NESTING_DEPTH} levels deep)`;
}
