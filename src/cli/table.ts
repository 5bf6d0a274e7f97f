/**
 * Plain-text tables for the terminal: columns padded to their widest cell, long cells truncated;
 * given a width (a terminal's columns), the widest columns shrink, with an ellipsis, until it fits.
 * A cell is one line: control characters, newlines and tabs are escaped before it is measured and
 * cut, so truncation can only shorten an escape's visible text, never revive a control character.
 */
import { sanitizeTerminalField } from '../util/terminal-text.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  max?: number;
}

function cell(text: string, max: number | undefined): string {
  const safe = sanitizeTerminalField(text);
  const chars = Array.from(safe); // code points: a cut never splits a surrogate pair
  if (!max || chars.length <= max) return safe;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

const width = (text: string) => Array.from(text).length;

const GAP = 2;
/** A column never shrinks below its header or this many characters, so every column stays legible. */
const MIN_COLUMN = 8;

/**
 * Column widths that fit `total` characters: the widest column loses a character at a time (ties:
 * the rightmost, usually free text) until the table fits or no column can shrink further.
 */
export function fitWidths(widths: readonly number[], floors: readonly number[], total: number): number[] {
  const out = [...widths];
  let excess = out.reduce((a, b) => a + b, 0) + GAP * Math.max(0, out.length - 1) - total;
  while (excess > 0) {
    let widest = -1;
    out.forEach((w, i) => {
      if (w > floors[i]! && (widest < 0 || w >= out[widest]!)) widest = i;
    });
    if (widest < 0) break;
    out[widest]!--;
    excess--;
  }
  return out;
}

export interface TableOptions {
  /** Fit the table in this many columns (a terminal's width); off a terminal, leave it undefined. */
  width?: number;
}

export function renderTable<T>(rows: readonly T[], columns: Column<T>[], opts: TableOptions = {}): string {
  const headers = columns.map((c) => sanitizeTerminalField(c.header.toUpperCase()));
  let cells = rows.map((row) => columns.map((c) => cell(c.value(row), c.max)));
  let widths = columns.map((_, i) => Math.max(width(headers[i]!), ...cells.map((r) => width(r[i]!))));
  if (opts.width !== undefined) {
    const floors = headers.map((h, i) => Math.min(widths[i]!, Math.max(width(h), MIN_COLUMN)));
    const fitted = fitWidths(widths, floors, opts.width);
    if (fitted.some((w, i) => w < widths[i]!)) {
      cells = cells.map((r) => r.map((v, i) => cell(v, fitted[i])));
      widths = fitted;
    }
  }
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v + ' '.repeat(Math.max(0, widths[i]! - width(v)))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}
