/**
 * Incremental scanner of CloudTrail text: `{"Records": [...]}` documents (one or several, as
 * CloudTrail writes them), JSON lines / concatenated event objects, or a top-level array of
 * events. Text is pushed in chunks; each complete record is returned as soon as its closing brace
 * arrives, so a large file is never held in memory whole.
 *
 * Bad input does not throw; it comes back as a problem, in file order with the records:
 * - JSON lines (or concatenated objects): a broken record is reported and skipped, and scanning
 *   resumes at the next line that starts with `{`. A raw line break inside a string, or a `{` at the
 *   start of a line while a record is still open, ends the broken record there.
 * - Inside a `{"Records": [...]}` document or a top-level array, broken JSON is reported as
 *   `fatal`: the structure around it cannot be trusted, so the rest of the input is skipped. The
 *   records before it were complete and have been returned.
 * - A record larger than MAX_RECORD_CHARS or nested deeper than MAX_RECORD_DEPTH is reported and
 *   skipped whole (its structure is still followed to its end, without keeping its text); the
 *   records after it are read, in any format.
 *
 * Scanning is linear in the input: a record split over many chunks is scanned once, its scan state
 * (depth, inside a string, after a backslash) carried from one chunk to the next, and its text kept
 * as a list of pieces joined once when it is complete.
 */

/**
 * The largest record accepted, in characters of JSON text (4 MiB). CloudTrail caps an event at
 * 256 KB, so this is generous; it bounds the memory one record can take.
 */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;
/** The deepest nesting accepted in a record (CloudTrail records nest a dozen levels at most). */
export const MAX_RECORD_DEPTH = 100;

export interface ScannedRecord {
  value: unknown;
  /** 1-based line where the record starts. */
  line: number;
  /** 0-based index of the record in the file (broken records count too). */
  index: number;
}

export interface ScanProblem {
  problem: string;
  line: number;
  index: number;
  /** The rest of the input is skipped. */
  fatal: boolean;
}

export type ScanItem = ScannedRecord | ScanProblem;

export const isProblem = (item: ScanItem): item is ScanProblem => 'problem' in item;

type Mode = 'top' | 'records' | 'array' | 'after-records' | 'skip-line' | 'stopped';

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
const RECORDS_KEY = /^\{\s*"Records"\s*:\s*\[/;

/**
 * The text as a string of its own. V8 may return the strings of JSON.parse as slices of the text
 * parsed, and a slice of a chunk keeps the whole chunk alive: an event id kept in a correlation
 * window would hold its 16 KB chunk for hours. Parsing a flat copy of the record bounds that to
 * the record (at 1M events, some 20 MB of peak memory). A concatenation, flattened by the slice
 * after it, is that copy.
 */
const ownCopy = (text: string): string => ` ${text}`.slice(1);

/** A record being scanned, carried from one chunk to the next. */
interface OpenRecord {
  line: number;
  /** Inside a Records document or an array, where a problem stops the scan. */
  nested: boolean;
  depth: number;
  inString: boolean;
  /** The previous character was a backslash inside a string. */
  escaped: boolean;
  /** The previous character was a line break outside a string (JSON lines: a `{` next cuts the record). */
  afterNewline: boolean;
  newlines: number;
  /** The record's text from earlier chunks (dropped once it is too large). */
  pieces: string[];
  chars: number;
  tooLarge: boolean;
  tooDeep: boolean;
}

export class RecordScanner {
  private buf = '';
  private pos = 0;
  private line = 1;
  private index = 0;
  private mode: Mode = 'top';
  /** The record being scanned (one object, reused: a run scans millions of records). */
  private readonly rec: OpenRecord = {
    line: 0,
    nested: false,
    depth: 0,
    inString: false,
    escaped: false,
    afterNewline: false,
    newlines: 0,
    pieces: [],
    chars: 0,
    tooLarge: false,
    tooDeep: false,
  };
  private open = false;

  /** True once a fatal problem was returned: further input is ignored. */
  get stopped(): boolean {
    return this.mode === 'stopped';
  }

  push(text: string): ScanItem[] {
    if (this.mode === 'stopped') return [];
    // Only a few characters (an unfinished `{"Records"` head) are ever carried over.
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    return this.drain(false);
  }

  /** Call at end of input: an unfinished record or structure is reported. */
  end(): ScanItem[] {
    if (this.mode === 'stopped') return [];
    const out = this.drain(true);
    if (this.stopped) return out;
    this.skipSpace();
    if (this.mode === 'records' || this.mode === 'array') {
      out.push(
        this.fatal(
          this.mode === 'records'
            ? 'truncated: the Records array is not closed'
            : 'truncated: the array is not closed',
        ),
      );
    } else if (this.pos < this.buf.length && this.mode !== 'skip-line') {
      out.push(this.fatal('truncated or invalid JSON at end of input'));
    }
    this.buf = '';
    this.pos = 0;
    return out;
  }

  private drain(final: boolean): ScanItem[] {
    const out: ScanItem[] = [];
    for (;;) {
      const item = this.next(final);
      if (item === undefined) break;
      out.push(item);
      if (this.mode === 'stopped') break;
    }
    return out;
  }

  private fatal(problem: string, line = this.line, index = this.index): ScanProblem {
    const p = { problem, line, index, fatal: true };
    this.mode = 'stopped';
    this.open = false;
    this.buf = '';
    this.pos = 0;
    return p;
  }

  /** A broken record in JSON lines: reported, and the scanner skips to the end of its line. */
  private brokenLine(problem: string, line = this.line): ScanProblem {
    const p = { problem, line, index: this.index++, fatal: false };
    this.mode = 'skip-line';
    return p;
  }

  private skipSpace(): void {
    while (this.pos < this.buf.length) {
      const c = this.buf.charCodeAt(this.pos);
      if (!isSpace(c)) break;
      if (c === 0x0a) this.line++;
      this.pos++;
    }
  }

  private next(final: boolean): ScanItem | undefined {
    for (;;) {
      if (this.open) return this.scanRecord(final);
      if (this.mode === 'skip-line') {
        const nl = this.buf.indexOf('\n', this.pos);
        if (nl < 0) {
          this.pos = this.buf.length;
          return undefined;
        }
        this.pos = nl + 1;
        this.line++;
        this.mode = 'top';
        continue;
      }
      this.skipSpace();
      if (this.pos >= this.buf.length) return undefined;
      const ch = this.buf[this.pos]!;
      if (this.mode === 'records' || this.mode === 'array') {
        if (ch === ',') {
          this.pos++;
          continue;
        }
        if (ch === ']') {
          this.pos++;
          this.mode = this.mode === 'records' ? 'after-records' : 'top';
          continue;
        }
        return this.startRecord(final, true);
      }
      if (this.mode === 'after-records') {
        // CloudTrail files hold only "Records"; tolerate nothing else but the closing brace.
        if (ch !== '}')
          return this.fatal(`invalid JSON: unexpected ${JSON.stringify(ch)} after the Records array`);
        this.pos++;
        this.mode = 'top';
        continue;
      }
      if (ch === '[') {
        this.pos++;
        this.mode = 'array';
        continue;
      }
      if (ch !== '{') return this.brokenLine(`invalid JSON: unexpected ${JSON.stringify(ch)}`);
      const head = this.buf.slice(this.pos, this.pos + 64);
      const match = RECORDS_KEY.exec(head);
      if (match) {
        for (let i = 0; i < match[0].length; i++) if (head.charCodeAt(i) === 0x0a) this.line++;
        this.pos += match[0].length;
        this.mode = 'records';
        continue;
      }
      // Not enough text yet to tell a Records document from an event object.
      if (!final && head.length < 64 && /^\{\s*("(R(e(c(o(r(d(s("\s*(:\s*)?)?)?)?)?)?)?)?)?)?$/.test(head))
        return undefined;
      return this.startRecord(final, false);
    }
  }

  /** Opens the JSON object starting at `pos` (or reports what is there instead). */
  private startRecord(final: boolean, nested: boolean): ScanItem | undefined {
    const ch = this.buf[this.pos];
    if (ch !== '{') {
      const problem = `invalid JSON: expected an event object, found ${JSON.stringify(ch)}`;
      return nested ? this.fatal(problem) : this.brokenLine(problem);
    }
    const r = this.rec;
    r.line = this.line;
    r.nested = nested;
    r.depth = r.newlines = r.chars = 0;
    r.inString = r.escaped = r.afterNewline = r.tooLarge = r.tooDeep = false;
    r.pieces.length = 0;
    this.open = true;
    return this.scanRecord(final);
  }

  /**
   * Scans the open record from `pos` on: the record, a problem, or undefined when the text ends
   * first (then its text so far is kept and scanning resumes here with the next chunk).
   */
  private scanRecord(final: boolean): ScanItem | undefined {
    const r = this.rec;
    const buf = this.buf;
    const from = this.pos;
    // The scan state in locals for the loop (the hot path of reading), written back when it stops.
    let { depth, inString, escaped, afterNewline, newlines } = r;
    for (let i = from; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
        // JSON strings hold no raw line breaks: the record is broken at this line.
        else if (c === 0x0a) return this.cut(i + 1, newlines + 1, 'invalid JSON: unterminated string');
        continue;
      }
      if (afterNewline) {
        afterNewline = false;
        // In JSON lines a record never continues on a line that starts with `{`: the previous one is cut short.
        if (c === 0x7b) return this.cut(i, newlines, 'invalid JSON: the record is not complete');
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (++depth > MAX_RECORD_DEPTH) r.tooDeep = true;
      } else if (c === 0x7d || c === 0x5d) {
        if (--depth === 0) {
          r.newlines = newlines;
          return this.close(from, i + 1);
        }
      } else if (c === 0x0a) {
        newlines++;
        if (!r.nested) afterNewline = true;
      }
    }
    r.depth = depth;
    r.inString = inString;
    r.escaped = escaped;
    r.afterNewline = afterNewline;
    r.newlines = newlines;
    this.keep(buf.slice(from));
    this.pos = buf.length;
    if (!final) return undefined;
    const problem = 'truncated: the record is not complete';
    this.open = false;
    if (r.nested) return this.fatal(problem, r.line);
    this.line += r.newlines;
    return { problem, line: r.line, index: this.index++, fatal: false };
  }

  /** Keeps a piece of the open record's text, unless the record is already too large to use. */
  private keep(piece: string): void {
    const r = this.rec;
    r.chars += piece.length;
    if (r.tooLarge) return;
    if (r.chars > MAX_RECORD_CHARS) {
      r.tooLarge = true;
      r.pieces.length = 0;
    } else if (piece) r.pieces.push(piece);
  }

  /** The open record ends before `end`: parsed, or reported. */
  private close(from: number, end: number): ScanItem {
    const r = this.rec;
    this.open = false;
    const size = r.chars + (end - from);
    const limit =
      r.tooLarge || size > MAX_RECORD_CHARS
        ? `record larger than ${MAX_RECORD_CHARS / 1024 / 1024} MiB (the limit for one record); skipped`
        : r.tooDeep
          ? `record nested more than ${MAX_RECORD_DEPTH} levels deep (the limit for one record); skipped`
          : undefined;
    let value: unknown;
    let problem = limit;
    if (!problem) {
      const tail = this.buf.slice(from, end);
      try {
        value = JSON.parse(r.pieces.length ? r.pieces.join('') + tail : ownCopy(tail));
      } catch (error) {
        problem = `invalid JSON (${(error as Error).message})`;
        // Broken JSON inside a structure: what follows cannot be trusted. (A record over a limit was followed to its end whole.)
        if (r.nested) return this.fatal(problem, r.line);
      }
    }
    this.line += r.newlines;
    this.pos = end;
    const index = this.index++;
    return problem ? { problem, line: r.line, index, fatal: false } : { value, line: r.line, index };
  }

  /** JSON lines: the open record is broken; scanning resumes at `resume`, `lines` line breaks on. */
  private cut(resume: number, lines: number, problem: string): ScanProblem {
    const r = this.rec;
    this.open = false;
    if (r.nested) return this.fatal(problem, r.line);
    this.line += lines;
    this.pos = resume;
    return { problem, line: r.line, index: this.index++, fatal: false };
  }
}
