import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Reads a snapshot file (a JSON object) in fixed-size chunks without holding its text or its whole
 * parsed tree: each top-level member is parsed on its own, and each element of the "resources"
 * array is handed over as soon as it is complete, so its parsed form can be kept or let go before
 * the next is read. A 100k-resource snapshot is 65 MB of text and about as much again parsed: read
 * whole, both are held at once and set how far the process's heap grows for the rest of the scan.
 *
 * Only the layout Stance writes is streamed: one object whose "resources" member is an array given
 * after the members needed to place its elements (the caller decides, in `onResourcesStart`). On
 * anything else (a syntax error, a duplicate member, another order) it returns false or the
 * callbacks throw, and the caller reads the file whole, which reports the problem with its line.
 */
export interface SnapshotMembers {
  /** A top-level member other than "resources", parsed. */
  onMember(name: string, value: unknown): void;
  /** The "resources" array begins: false to give up (the members it needs are missing). */
  onResourcesStart(): boolean;
  /** One element of "resources", parsed, with its index. */
  onResource(value: unknown, index: number): void;
}

const CHUNK = 1 << 20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** The bytes of one member or element, gathered across chunks. */
class Span {
  private parts: Buffer[] = [];

  add(chunk: Buffer, from: number, to: number): void {
    if (to > from) this.parts.push(chunk.subarray(from, to));
  }

  peek(): string {
    return this.parts.length === 1
      ? this.parts[0]!.toString('utf8')
      : Buffer.concat(this.parts).toString('utf8');
  }

  take(): string {
    const text = this.peek();
    this.parts = [];
    return text;
  }
}

const RESOURCES_KEY = /^\s*"resources"\s*:\s*$/;

/**
 * Returns false when the file is not a snapshot laid out for streaming (see above); a callback's
 * or the parser's error is thrown as it is.
 */
export function readSnapshotMembers(file: string, members: SnapshotMembers): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    // a pipe (`<(...)`) can be read once: read whole, so that a fallback still has its text
    return fstatSync(fd).isFile() && scan(fd, members);
  } finally {
    closeSync(fd);
  }
}

function scan(fd: number, members: SnapshotMembers): boolean {
  let started = false;
  let ended = false;
  /** Nesting outside strings: 1 inside the top-level object, 2 directly inside a member's value. */
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Inside the "resources" array (its elements are at depth 2), and just after it. */
  let inResources = false;
  let afterResources = false;
  let resourcesSeen = false;
  let resourceIndex = 0;
  let elementHasText = false;
  const seen = new Set<string>();
  const span = new Span();

  /** A member other than "resources" is complete (its text is `"name": value`). */
  const endMember = (): boolean => {
    const text = span.take();
    if (afterResources) {
      afterResources = false;
      return text.trim() === '';
    }
    if (text.trim() === '') return seen.size === 0;
    const parsed = JSON.parse(`{${text}}`) as Record<string, unknown>;
    const names = Object.keys(parsed);
    const name = names[0];
    if (names.length !== 1 || name === undefined || name === 'resources' || seen.has(name)) return false;
    seen.add(name);
    members.onMember(name, parsed[name]);
    return true;
  };

  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK);
    const length = readSync(fd, chunk, 0, CHUNK, null);
    if (length === 0) break;
    let from = 0;
    for (let i = 0; i < length; i++) {
      const b = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        continue;
      }
      if (!started || ended) {
        if (isSpace(b)) continue;
        if (ended || b !== OPEN_OBJECT) return false;
        started = true;
        depth = 1;
        from = i + 1;
        continue;
      }
      if (inResources && depth === 2 && (b === COMMA || b === CLOSE_ARRAY)) {
        span.add(chunk, from, i);
        from = i + 1;
        // `[]` has no element; `[1,]` has an empty one, which does not parse
        if (b === COMMA || elementHasText || resourceIndex > 0) {
          members.onResource(JSON.parse(span.take()), resourceIndex++);
        } else span.take();
        elementHasText = false;
        if (b === CLOSE_ARRAY) {
          inResources = false;
          afterResources = true;
          depth = 1;
        }
        continue;
      }
      if (inResources && !elementHasText && !isSpace(b)) elementHasText = true;
      if (b === QUOTE) inString = true;
      else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        if (depth === 1 && b === OPEN_ARRAY && !resourcesSeen) {
          span.add(chunk, from, i);
          from = i;
          if (RESOURCES_KEY.test(span.peek())) {
            span.take();
            if (seen.has('resources') || !members.onResourcesStart()) return false;
            resourcesSeen = true;
            inResources = true;
            depth = 2;
            from = i + 1;
            continue;
          }
        }
        depth++;
      } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
        depth--;
        if (depth === 0) {
          if (b !== CLOSE_OBJECT) return false;
          span.add(chunk, from, i);
          if (!endMember()) return false;
          ended = true;
        } else if (depth < 0) return false;
      } else if (b === COMMA && depth === 1) {
        span.add(chunk, from, i);
        from = i + 1;
        if (!endMember()) return false;
      }
    }
    if (started && !ended) span.add(chunk, from, length);
  }
  return ended && resourcesSeen;
}
