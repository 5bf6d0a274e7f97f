/**
 * Incremental scanner of CloudTrail text: `{"Records": [...]}` documents (one or several, as
 * CloudTrail writes them), JSON lines / concatenated event objects, or a top-level array of
 * events. Text is pushed in chunks; each complete record is returned as soon as its closing brace
 * arrives, so a large file is never held in memory whole.
 */

export interface ScannedRecord {
  value: unknown;
  /** 1-based line where the record starts. */
  line: number;
  /** 0-based index of the record in the file. */
  index: number;
}

export class ScanError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly index: number,
  ) {
    super(message);
  }
}

type Mode = 'top' | 'records' | 'array' | 'after-records';

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
const RECORDS_KEY = /^\{\s*"Records"\s*:\s*\[/;

export class RecordScanner {
  private buf = '';
  private pos = 0;
  private line = 1;
  private index = 0;
  private mode: Mode = 'top';

  push(text: string): ScannedRecord[] {
    this.buf = this.buf.slice(this.pos) + text;
    this.pos = 0;
    const out: ScannedRecord[] = [];
    for (;;) {
      const record = this.next(false);
      if (record === undefined) break;
      out.push(record);
    }
    return out;
  }

  /** Call at end of input: anything left over is an error. */
  end(): ScannedRecord[] {
    const out: ScannedRecord[] = [];
    for (;;) {
      const record = this.next(true);
      if (record === undefined) break;
      out.push(record);
    }
    this.skipSpace();
    if (this.mode !== 'top' && this.mode !== 'after-records') {
      throw new ScanError(this.mode === 'records' ? 'truncated: the Records array is not closed' : 'truncated: the array is not closed', this.line, this.index);
    }
    if (this.pos < this.buf.length) throw new ScanError('truncated or invalid JSON at end of input', this.line, this.index);
    return out;
  }

  private skipSpace(): void {
    while (this.pos < this.buf.length) {
      const c = this.buf.charCodeAt(this.pos);
      if (!isSpace(c)) break;
      if (c === 0x0a) this.line++;
      this.pos++;
    }
  }

  private next(final: boolean): ScannedRecord | undefined {
    for (;;) {
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
        return this.element(final);
      }
      if (this.mode === 'after-records') {
        // CloudTrail files hold only "Records"; tolerate nothing else but the closing brace.
        if (ch !== '}') throw new ScanError(`unexpected ${JSON.stringify(ch)} after the Records array`, this.line, this.index);
        this.pos++;
        this.mode = 'top';
        continue;
      }
      if (ch === '[') {
        this.pos++;
        this.mode = 'array';
        continue;
      }
      if (ch !== '{') throw new ScanError(`invalid JSON: unexpected ${JSON.stringify(ch)}`, this.line, this.index);
      const head = this.buf.slice(this.pos, this.pos + 64);
      const match = RECORDS_KEY.exec(head);
      if (match) {
        for (let i = 0; i < match[0].length; i++) if (head.charCodeAt(i) === 0x0a) this.line++;
        this.pos += match[0].length;
        this.mode = 'records';
        continue;
      }
      // Not enough text yet to tell a Records document from an event object.
      if (!final && head.length < 64 && /^\{\s*("(R(e(c(o(r(d(s("\s*(:\s*)?)?)?)?)?)?)?)?)?)?$/.test(head)) return undefined;
      return this.element(final);
    }
  }

  /** One JSON object starting at `pos`, or undefined if it is not complete yet. */
  private element(final: boolean): ScannedRecord | undefined {
    const start = this.pos;
    const buf = this.buf;
    if (buf[start] !== '{') throw new ScanError(`invalid JSON: expected an event object, found ${JSON.stringify(buf[start])}`, this.line, this.index);
    let depth = 0;
    let inString = false;
    let newlines = 0;
    for (let i = start; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (inString) {
        if (c === 0x5c) i++;
        else if (c === 0x22) inString = false;
        else if (c === 0x0a) newlines++;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) {
          const text = buf.slice(start, i + 1);
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch (error) {
            throw new ScanError(`invalid JSON (${(error as Error).message})`, this.line, this.index);
          }
          const record = { value, line: this.line, index: this.index++ };
          this.line += newlines;
          this.pos = i + 1;
          return record;
        }
      } else if (c === 0x0a) newlines++;
    }
    if (final) throw new ScanError('truncated: the record is not complete', this.line, this.index);
    return undefined;
  }
}
