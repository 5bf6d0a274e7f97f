import { describe, expect, it } from 'vitest';
import { poll } from './poll.js';

describe('poll (the integration tests’ wait)', () => {
  it('returns the first answer; undefined, null and false are no answer', async () => {
    const answers = [undefined, null, false, 0, 1];
    let asked = 0;
    expect(await poll('an answer', () => answers[asked++], { timeoutMs: 1000, intervalMs: 1 })).toBe(0);
    expect(asked).toBe(4);
  });

  it('times out naming what it waited for', async () => {
    await expect(poll('the moon', async () => false, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      'timed out waiting for the moon',
    );
  });

  it('a probe error ends the wait, unless errors are "not yet" (then the timeout quotes the last one)', async () => {
    const failing = () => Promise.reject(new Error('schema not there'));
    await expect(poll('x', failing, { timeoutMs: 1000, probeErrors: 'fail' })).rejects.toThrow(
      'schema not there',
    );
    await expect(
      poll('the schema', failing, { timeoutMs: 20, intervalMs: 5, probeErrors: 'not-yet' }),
    ).rejects.toThrow('timed out waiting for the schema (last error: Error: schema not there)');
    let n = 0;
    const later = () => (++n < 3 ? Promise.reject(new Error('not yet')) : Promise.resolve('ready'));
    expect(await poll('later', later, { timeoutMs: 1000, intervalMs: 1, probeErrors: 'not-yet' })).toBe(
      'ready',
    );
  });
});
