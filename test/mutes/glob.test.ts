import { describe, expect, it } from 'vitest';
import { globMatches } from '../../src/mutes/match.js';

describe('mute resource patterns', () => {
  it('`*` matches any run of characters and everything else is literal', () => {
    expect(globMatches('arn:aws:s3:::logs-*', 'arn:aws:s3:::logs-2026')).toBe(true);
    expect(globMatches('arn:aws:s3:::logs-*', 'arn:aws:s3:::log-2026')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('', '')).toBe(true);
    expect(globMatches('', 'x')).toBe(false);
    expect(globMatches('a*b*c', 'abc')).toBe(true);
    expect(globMatches('a*b*c', 'aXbYbZc')).toBe(true);
    expect(globMatches('a*b*c', 'aXbYcZ')).toBe(false);
    expect(globMatches('*.prod/*', 'k8s/app.prod/deploy')).toBe(true);
    expect(globMatches('a.b', 'aXb')).toBe(false);
    expect(globMatches('(x)+[y]?', '(x)+[y]?')).toBe(true);
    expect(globMatches('ab*ab', 'ab')).toBe(false);
    expect(globMatches('ab*ab', 'abab')).toBe(true);
    expect(globMatches('**a**', 'bab')).toBe(true);
  });

  it('a hostile pattern costs linear time, not backtracking (many stars, long near-miss id)', () => {
    const pattern = `${'a*'.repeat(40)}b`;
    const id = 'a'.repeat(20_000);
    // A regular expression with 40 `.*` takes effectively forever here; the matcher must
    // answer at once. No timing assertion: vitest's own timeout fails a hung matcher.
    expect(globMatches(pattern, id)).toBe(false);
    expect(globMatches(pattern, `${id}b`)).toBe(true);
  }, 10_000);
});
