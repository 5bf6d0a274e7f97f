import { readFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, LineCounter, type Node } from 'yaml';

/** Formats a path like ["resources", 3, "id"] as `resources[3].id`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** Line (1-based) where the value at `path` starts in a JSON/YAML text, if it can be found. */
export function lineOfPath(text: string, path: ReadonlyArray<PropertyKey>): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  let node: unknown = doc.contents;
  let lastFound: Node | undefined = doc.contents ?? undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === part);
      if (!pair) break;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
    } else break;
    if (node && typeof node === 'object' && 'range' in node) lastFound = node as Node;
  }
  const offset = lastFound?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/**
 * Line (1-based) where the value at `path` starts in a JSON text that parses (or its deepest
 * ancestor that exists). One iterative pass
 * that builds no values, so it copes with any size and any nesting (lineOfPath parses YAML, and
 * the YAML composer recurses).
 */
export function jsonLineOfPath(text: string, path: ReadonlyArray<PropertyKey>): number | undefined {
  interface Level {
    array: boolean;
    index: number;
    key: string | undefined;
    /** How many leading segments of `path` the path to this container matches. */
    matched: number;
  }
  const stack: Level[] = [];
  let line = 1;
  let expectKey = false;
  /** Leading segments of `path` matched by the path of the value that starts here. */
  const matchedHere = (): number => {
    const parent = stack[stack.length - 1];
    if (!parent) return 0;
    const depth = stack.length;
    const segment = parent.array ? parent.index : parent.key;
    return parent.matched === depth - 1 && path[depth - 1] === segment ? depth : parent.matched;
  };
  const isTarget = () => stack.length === path.length && matchedHere() === path.length;
  // a path that does not exist (a missing field) is shown at its deepest existing ancestor
  let nearest: number | undefined;
  const onValue = () => {
    if (matchedHere() === stack.length) nearest = line;
    return isTarget();
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === ' ' || c === '\t' || c === '\r' || c === ':') continue;
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.array) top.index++;
      else expectKey = true;
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (expectKey) {
        stack[stack.length - 1]!.key = JSON.parse(text.slice(i, j + 1)) as string;
        expectKey = false;
      } else if (onValue()) return line;
      i = j;
    } else {
      if (onValue()) return line;
      if (c === '{' || c === '[') {
        stack.push({ array: c === '[', index: 0, key: undefined, matched: matchedHere() });
        expectKey = c === '{';
      } else {
        while (i + 1 < text.length && !',}] \t\r\n'.includes(text[i + 1]!)) i++;
      }
    }
  }
  return nearest;
}

/** Line and column of a JSON.parse failure, from V8's message or, failing that, by scanning the text. */
export function jsonSyntaxLocation(text: string, error: Error): { line: number; column: number } | undefined {
  const lineCol = /line (\d+) column (\d+)/.exec(error.message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const pos = /position (\d+)/.exec(error.message);
  const offset = pos ? Number(pos[1]) : firstJsonErrorOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Offset of the first syntax error in a JSON text (Node 20's JSON.parse does not always say).
 * A recognizer only: it builds no values, and keeps its own stack of open containers instead of
 * recursing, so hostile nesting cannot overflow it.
 */
export function firstJsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const open: ('{' | '[')[] = [];
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  /** A string at i; false where it breaks. */
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) return false;
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) return false;
    i++;
    return true;
  };
  /** `"key":` at i, ready for its value. */
  const key = (): boolean => {
    ws();
    if (!string()) return false;
    ws();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  const scalar = (): boolean => {
    const c = text[i];
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (c === word[0]) {
        if (!text.startsWith(word, i)) return false;
        i += word.length;
        return true;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '') return false;
    i += m[0].length;
    return true;
  };
  for (;;) {
    // a value starts here
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        open.push(c);
        if (c === '{' && !key()) return i;
        continue;
      }
    } else if (!scalar()) return i;
    // after a value: close containers, or go on to the next element
    for (;;) {
      ws();
      const top = open[open.length - 1];
      if (top === undefined) return i < text.length ? i : undefined;
      if (text[i] === ',') {
        i++;
        if (top === '{' && !key()) return i;
        break;
      }
      if (text[i] !== (top === '{' ? '}' : ']')) return i;
      i++;
      open.pop();
    }
  }
}

export function readTextFile(path: string, what: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new Error(`${what} ${path}: ${reason}`);
  }
}
