import { afterEach, describe, expect, it, vi } from 'vitest';
import { colourEnabled, printColouredLine } from '../../src/cli/output.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function written(fn: () => void): string {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
    out.push(String(text));
    return true;
  });
  fn();
  vi.restoreAllMocks();
  return out.join('');
}

describe('colour', () => {
  it('is on for a terminal, off with NO_COLOR, TERM=dumb or off a terminal', () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
  });

  it('wraps escaped text only: a scanned value cannot carry its own escape sequence', () => {
    const isTTY = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    vi.stubEnv('NO_COLOR', undefined as unknown as string);
    vi.stubEnv('TERM', 'xterm');
    try {
      const text = written(() => printColouredLine(['n: ', ['x\x1b[2Jy', 'red']]));
      expect(text).toBe('n: \x1b[31mx\\x1b[2Jy\x1b[0m\n');
    } finally {
      if (isTTY) Object.defineProperty(process.stdout, 'isTTY', isTTY);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
    expect(written(() => printColouredLine([['plain', 'red']]))).toBe('plain\n');
  });
});
