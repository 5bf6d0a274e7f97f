import { describe, expect, it } from 'vitest';
import { isStale, jitterFor, Scheduler } from '../../src/schedule/scheduler.js';

const t = (iso: string) => new Date(`2026-11-23T${iso}Z`);
const targets = [
  { name: 'prod', schedule: '*/15 * * * *', staleAfter: 3 },
  { name: 'hourly', schedule: '0 * * * *', staleAfter: 3 },
];

describe('scheduler (injected clock)', () => {
  it('runs each target at its slots and never overlaps a running target', () => {
    const s = new Scheduler(targets, { now: t('10:07:00'), lastRun: () => undefined, jitterSeconds: 0 });
    expect(s.takeDue(t('10:14:59'))).toEqual([]);
    expect(s.takeDue(t('10:15:00')).map((x) => x.name)).toEqual(['prod']);
    // still running at the next slot: not started twice
    expect(s.takeDue(t('10:30:00')).map((x) => x.name)).toEqual([]);
    s.finished('prod', t('10:31:00'));
    expect(s.nextDue('prod')).toEqual(t('10:45:00'));
    expect(
      s
        .takeDue(t('11:00:00'))
        .map((x) => x.name)
        .sort(),
    ).toEqual(['hourly', 'prod']);
  });

  it('runs a missed slot once after downtime, then returns to the schedule', () => {
    // last run at 02:00, daemon back at 09:10: seven hourly slots were missed
    const s = new Scheduler(targets, {
      now: t('09:10:00'),
      lastRun: (n) => (n === 'hourly' ? t('02:00:00') : undefined),
      jitterSeconds: 0,
    });
    expect(s.takeDue(t('09:10:00')).map((x) => x.name)).toEqual(['hourly']);
    s.finished('hourly', t('09:12:00'));
    expect(s.takeDue(t('09:59:59')).map((x) => x.name)).toEqual(['prod']); // prod's first slot 09:15 passed by now
    expect(s.nextDue('hourly')).toEqual(t('10:00:00'));
  });

  it('spreads targets with a stable jitter', () => {
    expect(jitterFor('prod', 30)).toBe(jitterFor('prod', 30));
    expect(jitterFor('prod', 30)).toBeLessThan(30_000);
    expect(jitterFor('prod', 0)).toBe(0);
    const s = new Scheduler([targets[1]!], {
      now: t('10:07:00'),
      lastRun: () => undefined,
      jitterSeconds: 30,
    });
    expect(s.nextDue('hourly')!.getTime()).toBe(t('11:00:00').getTime() + jitterFor('hourly', 30));
    expect(s.msUntilNext(t('10:07:00'))).toBe(s.nextDue('hourly')!.getTime() - t('10:07:00').getTime());
  });

  it('flags a target with no successful scan for more than N intervals', () => {
    const s = new Scheduler(targets, { now: t('10:00:00'), lastRun: () => undefined, jitterSeconds: 0 });
    const interval = s.intervalMs('prod', t('10:00:00'));
    expect(interval).toBe(15 * 60_000);
    const base = { since: t('08:00:00'), intervalMs: interval, staleAfter: 3 };
    expect(isStale({ ...base, lastOk: t('09:30:00'), now: t('10:15:00') })).toBe(false);
    expect(isStale({ ...base, lastOk: t('09:30:00'), now: t('10:15:01') })).toBe(true);
    expect(isStale({ ...base, lastOk: undefined, now: t('08:44:00') })).toBe(false);
    expect(isStale({ ...base, lastOk: undefined, now: t('08:46:00') })).toBe(true);
  });
});
