import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/cli/log.js';
import { stderrSink } from '../../src/cli/output.js';

describe('daemon logger on a terminal', () => {
  it('cuts URLs to scheme and host and makes control characters visible', () => {
    let written = '';
    const stream = { isTTY: true, write: (s: string) => (written += s) } as unknown as NodeJS.WriteStream;
    const log = createLogger(stderrSink(stream));
    log.warn('sent to https://hooks.example.com/T0/B0/tok?key=k', {
      error: 'see http://u:p@h.example/x \u001b]0;pwned\u0007',
    });
    expect(written).toMatch(
      / WARN sent to https:\/\/hooks\.example\.com \{"error":"see http:\/\/h\.example /,
    );
    expect(written).not.toMatch(/tok|key=k|u:p/);
    expect(written).not.toContain('\u001b');
    expect(written.endsWith('\n')).toBe(true);
    expect(written.trim().split('\n')).toHaveLength(1);
  });
});
