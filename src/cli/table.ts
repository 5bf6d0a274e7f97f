/**
 * Plain-text tables for the terminal: columns padded to their widest cell, long cells truncated.
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

export function renderTable<T>(rows: readonly T[], columns: Column<T>[]): string {
  const headers = columns.map((c) => sanitizeTerminalField(c.header.toUpperCase()));
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row), c.max)));
  const widths = columns.map((_, i) => Math.max(width(headers[i]!), ...cells.map((r) => width(r[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v + ' '.repeat(Math.max(0, widths[i]! - width(v)))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n') + '\n';
}
