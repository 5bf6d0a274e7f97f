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
 */

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

export class RecordScanner {
  private buf = '';
  private pos = 0;
  private line = 1;
  private index = 0;
  private mode: Mode = 'top';

  /** True once a fatal problem was returned: further input is ignored. */
  get stopped(): boolean {
    return this.mode === 'stopped';
  }

  push(text: string): ScanItem[] {
    if (this.mode === 'stopped') return [];
    this.buf = this.buf.slice(this.pos) + text;
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

  private fatal(problem: string): ScanProblem {
    const p = { problem, line: this.line, index: this.index, fatal: true };
    this.mode = 'stopped';
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
        return this.element(final, true);
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
      return this.element(final, false);
    }
  }

  /**
   * One JSON object starting at `pos`, a problem, or undefined if it is not complete yet.
   * `nested`: inside a Records document or array, where a problem stops the scan.
   */
  private element(final: boolean, nested: boolean): ScanItem | undefined {
    const start = this.pos;
    const buf = this.buf;
    if (buf[start] !== '{') {
      const problem = `invalid JSON: expected an event object, found ${JSON.stringify(buf[start])}`;
      return nested ? this.fatal(problem) : this.brokenLine(problem);
    }
    let depth = 0;
    let inString = false;
    let newlines = 0;
    for (let i = start; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inString) {
        if (c === 0x5c) i++;
        else if (c === 0x22) inString = false;
        else if (c === 0x0a) {
          // JSON strings hold no raw line breaks: the record is broken at this line.
          return this.cutAt(i, newlines, nested, 'invalid JSON: unterminated string');
        }
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) {
          const text = buf.slice(start, i + 1);
          const line = this.line;
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch (error) {
            const problem = `invalid JSON (${(error as Error).message})`;
            if (nested) return this.fatal(problem);
            this.line += newlines;
            this.pos = i + 1;
            return { problem, line, index: this.index++, fatal: false };
          }
          const record = { value, line, index: this.index++ };
          this.line += newlines;
          this.pos = i + 1;
          return record;
        }
      } else if (c === 0x0a) {
        newlines++;
        // In JSON lines a record never continues on a line that starts with `{`: the previous one is cut short.
        if (!nested && buf.charCodeAt(i + 1) === 0x7b)
          return this.cutAt(i, newlines - 1, nested, 'invalid JSON: the record is not complete');
      }
    }
    if (final) {
      const problem = 'truncated: the record is not complete';
      if (nested) return this.fatal(problem);
      this.line += newlines;
      this.pos = buf.length;
      return { problem, line: this.line - newlines, index: this.index++, fatal: false };
    }
    return undefined;
  }

  /** The record starting at `pos` is broken at the line break at `nl`; scanning resumes after it. */
  private cutAt(nl: number, newlinesBefore: number, nested: boolean, problem: string): ScanProblem {
    if (nested) return this.fatal(problem);
    const p = { problem, line: this.line, index: this.index++, fatal: false };
    this.line += newlinesBefore + 1;
    this.pos = nl + 1;
    return p;
  }
}
