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

/** Line and column of a JSON.parse failure, from V8's message ("position N" or "line L column C"). */
export function jsonSyntaxLocation(text: string, error: Error): { line: number; column: number } | undefined {
  const lineCol = /line (\d+) column (\d+)/.exec(error.message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const pos = /position (\d+)/.exec(error.message);
  if (!pos) return undefined;
  const offset = Number(pos[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function readTextFile(path: string, what: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new Error(`${what} ${path}: ${reason}`);
  }
}
