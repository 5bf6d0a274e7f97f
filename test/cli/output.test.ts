import { describe, expect, it, vi } from 'vitest';
import { routeConsoleToStderr, stderrSink, stderrStatusLine } from '../../src/cli/output.js';
import { TerminalProgress } from '../../src/cli/progress.js';
import { renderTable } from '../../src/cli/table.js';
import { createLogger } from '../../src/cli/log.js';

const HOSTILE = 'x\x1b]0;pwned\x07\x1b[2K\u009b31m\u202eevil\nfake line';

function fakeTerminal() {
  const writes: string[] = [];
  return { isTTY: true, writes, write: (text: string) => writes.push(text) };
}

/** What is left once Stance's own redraw sequence is taken out: no control, C1 or bidi code point. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/g;

function rawControls(text: string): string[] {
  return [...text.replaceAll('\r\x1b[K', '').matchAll(CONTROL)].map((m) => m[0]);
}

describe('terminal output', () => {
  it('progress lines escape a hostile phase name and redraw with their own sequence only', () => {
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      const terminal = fakeTerminal();
      const progress = new TerminalProgress(stderrStatusLine(terminal));
      progress.phase(HOSTILE, 3);
      progress.done();
      const text = terminal.writes.join('');
      expect(text.startsWith('\r\x1b[K')).toBe(true);
      expect(rawControls(text)).toEqual([]);
      expect(text).toContain('\\x1b]0;pwned');
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
  });

  it('progress stays silent when stderr is not a terminal', () => {
    const terminal = { ...fakeTerminal(), isTTY: false };
    const progress = new TerminalProgress(stderrStatusLine(terminal));
    progress.phase('collecting', 2);
    progress.tick();
    progress.done();
    expect(terminal.writes).toEqual([]);
  });

  it('logger lines on a terminal are one escaped line each, fields included', () => {
    const terminal = fakeTerminal();
    const log = createLogger(stderrSink(terminal));
    log.warn(`scan of ${HOSTILE} failed`, { target: HOSTILE });
    expect(terminal.writes).toHaveLength(1);
    const [line] = terminal.writes;
    expect(line!.endsWith('\n')).toBe(true);
    expect(line!.slice(0, -1)).not.toContain('\n');
    expect(rawControls(line!)).toEqual([]);
    expect(line).toContain('WARN scan of x\\x1b]0;pwned');
  });

  it('table cells are one line, escaped before they are cut, so a cut never revives a control', () => {
    const rows = [{ name: HOSTILE }, { name: 'plain' }];
    for (const max of [3, 4, 5, 6, 9, 12, 30]) {
      const table = renderTable(rows, [{ header: 'name', value: (r) => r.name, max }]);
      expect(table.split('\n')).toHaveLength(4); // header, two rows, final newline
      expect(rawControls(table)).toEqual([]);
    }
    const table = renderTable(rows, [
      { header: 'name', value: (r) => r.name, max: 12 },
      { header: 'n', value: () => '1' },
    ]);
    const [, hostile, plain] = table.split('\n');
    expect(hostile).toBe('x\\x1b]0;pwn…  1');
    expect(plain).toBe('plain         1');
  });

  it('a cut never splits a surrogate pair', () => {
    const table = renderTable([{ v: '😀😀😀😀' }], [{ header: 'v', value: (r) => r.v, max: 3 }]);
    expect(table.split('\n')[1]).toBe('😀😀…');
  });

  it("libraries' console output goes to stderr, escaped, never to stdout", () => {
    const saved = { ...console };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let stdoutCalls: number;
    let text: string;
    try {
      routeConsoleToStderr();
      console.log('endpoint %s failed', HOSTILE);
      console.error(new Error(HOSTILE).message);
    } finally {
      Object.assign(console, saved);
      stdoutCalls = stdout.mock.calls.length;
      text = stderr.mock.calls.map((c) => String(c[0])).join('');
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(stdoutCalls).toBe(0);
    expect(text).toContain('endpoint x\\x1b]0;pwned');
    expect(rawControls(text.replaceAll('\n', ''))).toEqual([]);
  });
});
