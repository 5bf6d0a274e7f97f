/**
 * The one module that writes to stdout and stderr (ESLint forbids it elsewhere in src/).
 *
 * Human text carries names, ids, kinds, messages and file names from scanned systems: every write
 * here shows control characters, C1 and bidi overrides escaped (`\x1b`, `\u202e`) so a hostile value
 * cannot erase a line, hide a finding or retitle the terminal. Machine output (JSON, CSV, SARIF,
 * OCSF, HTML) is written byte for byte by `writeMachineOutput`; its own format does the escaping.
 */
import { formatWithOptions } from 'node:util';
import { sanitizeTerminalField, sanitizeTerminalText } from '../util/terminal-text.js';
import { renderTable, type Column } from './table.js';

/** One value placed inside composed text (a name in a sentence): newlines and tabs escaped too. */
export const field = sanitizeTerminalField;

/** Text the program composed, for stdout: newlines and tabs kept, every other control escaped. */
export function printText(text: string): void {
  process.stdout.write(sanitizeTerminalText(text));
}

/** `printText` with a line end. */
export function printLine(text = ''): void {
  printText(`${text}\n`);
}

export type Colour = 'red' | 'yellow' | 'green' | 'bold' | 'dim';

const SGR: Record<Colour, string> = { red: '31', yellow: '33', green: '32', bold: '1', dim: '2' };

/** Colour on a terminal, off with NO_COLOR (any value, per no-color.org) or off a terminal. */
export function colourEnabled(
  stream: { isTTY?: boolean } = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return Boolean(stream.isTTY) && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

/**
 * A line for stdout whose parts may be coloured: each part is escaped first, then wrapped in its
 * colour, so a scanned value can never carry an escape sequence of its own.
 */
export function printColouredLine(parts: (string | [string, Colour | undefined])[]): void {
  const on = colourEnabled();
  const text = parts
    .map((p) => {
      const [value, colour] = typeof p === 'string' ? [p, undefined] : p;
      const safe = sanitizeTerminalField(value);
      return on && colour ? `\x1b[${SGR[colour]}m${safe}\x1b[0m` : safe;
    })
    .join('');
  process.stdout.write(`${text}\n`);
}

/** A table on stdout; every cell is one escaped line (see table.ts). */
export function printTable<T>(rows: readonly T[], columns: Column<T>[]): void {
  printText(renderTable(rows, columns, { width: terminalTableWidth() }));
}

/** The width tables printed to stdout fit: the terminal's columns, or none off a terminal. */
export function terminalTableWidth(): number | undefined {
  return process.stdout.isTTY ? stdoutColumns() : undefined;
}

/** Width of the terminal stdout writes to: $COLUMNS, else the tty's, else 120 (pipes, files). */
export function stdoutColumns(): number {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return env;
  return process.stdout.columns || 120;
}

/** One line for people on stderr (an error, a warning, a notice): newlines inside it are escaped. */
/** True when stderr is a terminal (human lines) rather than a pipe or a file (JSON logs). */
export function stderrIsTerminal(): boolean {
  return Boolean(process.stderr.isTTY);
}

export function stderrLine(text: string): void {
  process.stderr.write(`${sanitizeTerminalField(text)}\n`);
}

/** Composed multi-line text for stderr (usage help, a --debug stack trace). */
export function stderrText(text: string): void {
  process.stderr.write(sanitizeTerminalText(text));
}

/** Machine-readable output, exactly as rendered: JSON, CSV, SARIF, OCSF, HTML. Never human text. */
export function writeMachineOutput(text: string): void {
  process.stdout.write(text);
}

/** Characters JSON.stringify leaves raw that a terminal acts on (C1 controls, bidi overrides). */
const JSON_RAW_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON on stdout; C1 controls and bidi overrides inside strings are written as \uXXXX escapes (same value). */
export function printJson(value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(
    JSON_RAW_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  writeMachineOutput(text + '\n');
}

interface TerminalStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Where one-line messages go, and whether a person reads them there (the logger picks its format by it). */
export interface LineSink {
  readonly isTTY: boolean;
  line(text: string): void;
}

export function stderrSink(stream: TerminalStream = process.stderr): LineSink {
  return {
    isTTY: Boolean(stream.isTTY),
    line: (text) => void stream.write(`${sanitizeTerminalField(text)}\n`),
  };
}

/** A status line redrawn in place (progress): only on a terminal, never under CI. */
export interface StatusLine {
  readonly enabled: boolean;
  show(text: string): void;
  clear(): void;
}

// Carriage return and "erase line": the only control sequence Stance itself sends.
const REDRAW = '\r\x1b[K';

export function stderrStatusLine(stream: TerminalStream = process.stderr): StatusLine {
  const enabled = Boolean(stream.isTTY) && process.env.CI !== 'true';
  return {
    enabled,
    show: (text) => void (enabled && stream.write(`${REDRAW}${sanitizeTerminalField(text)}`)),
    clear: () => void (enabled && stream.write(REDRAW)),
  };
}

/**
 * Libraries log with console (the AWS SDK prints failed endpoint URLs, say): their text goes to
 * stderr escaped like ours, and never into stdout where it would corrupt JSON output.
 */
export function routeConsoleToStderr(): void {
  const write = (...args: unknown[]) => stderrText(`${formatWithOptions({ colors: false }, ...args)}\n`);
  for (const method of ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const) console[method] = write;
}
