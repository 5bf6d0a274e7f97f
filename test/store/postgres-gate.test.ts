import { afterEach, describe, expect, it, vi } from 'vitest';
import { postgresEnabled } from '../helpers/postgres.js';

// Under CI=true the PostgreSQL tests must run: a machine without PostgreSQL fails them (the
// backend stays in the suite and cannot start) instead of skipping them quietly.
describe('PostgreSQL test gate', () => {
  afterEach(() => vi.restoreAllMocks());
  const missing = { ok: false as const, reason: 'PostgreSQL server binaries not found' };

  it('keeps the PostgreSQL tests under CI=true even when PostgreSQL is missing', () => {
    expect(postgresEnabled(missing, true)).toBe(true);
  });

  it('skips them with a message elsewhere', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(postgresEnabled(missing, false)).toBe(false);
    expect(warn.mock.calls.flat().join(' ')).toMatch(
      /PostgreSQL tests skipped: PostgreSQL server binaries not found/,
    );
  });

  it('runs them wherever PostgreSQL is installed', () => {
    expect(postgresEnabled({ ok: true, bin: '/usr/lib/postgresql/15/bin' }, false)).toBe(true);
  });
});
