import { createHash } from 'node:crypto';
import { Cron } from 'croner';

export interface ScheduledTarget {
  name: string;
  schedule: string;
  staleAfter: number;
}

interface Slot<T extends ScheduledTarget> {
  target: T;
  cron: Cron;
  jitterMs: number;
  nextDue: number;
  running: boolean;
}

/** A stable per-target offset in [0, jitter), so targets on the same schedule do not start at once. */
export function jitterFor(name: string, jitterSeconds: number): number {
  if (jitterSeconds <= 0) return 0;
  return createHash('sha256').update(name).digest().readUInt32BE(0) % (jitterSeconds * 1000);
}

/**
 * Decides which targets are due, with time passed in (the daemon uses the wall clock, tests a fake
 * one). A target never overlaps itself; runs missed while the daemon was down run once, not once
 * per missed slot.
 */
export class Scheduler<T extends ScheduledTarget = ScheduledTarget> {
  private readonly slots: Slot<T>[];

  constructor(
    targets: T[],
    opts: { now: Date; lastRun: (name: string) => Date | undefined; jitterSeconds: number },
  ) {
    this.slots = targets.map((target) => {
      const cron = new Cron(target.schedule, { paused: true, timezone: 'UTC' });
      const jitterMs = jitterFor(target.name, opts.jitterSeconds);
      const last = opts.lastRun(target.name);
      // Never run before: due at the next slot. Ran before: the slot after that run (maybe already past: a missed run).
      const base = last ?? opts.now;
      const next = cron.nextRun(base)?.getTime() ?? Number.POSITIVE_INFINITY;
      return { target, cron, jitterMs, nextDue: next + jitterMs, running: false };
    });
  }

  /** Targets due at `now` that are not running; marks them running. */
  takeDue(now: Date): T[] {
    const due = this.slots.filter((s) => !s.running && s.nextDue <= now.getTime());
    for (const s of due) s.running = true;
    return due.map((s) => s.target);
  }

  /**
   * Targets due at `now` with the schedule slot each is due for (the cron time, before jitter): the
   * key of that tick in distributed mode. Marks them running.
   */
  takeDueSlots(now: Date): { target: T; slot: Date }[] {
    const due = this.slots.filter((s) => !s.running && s.nextDue <= now.getTime());
    for (const s of due) s.running = true;
    return due.map((s) => ({ target: s.target, slot: new Date(s.nextDue - s.jitterMs) }));
  }

  /** A run finished: the next one is the first slot after `now` (missed slots are not replayed). */
  finished(name: string, now: Date): void {
    const slot = this.slots.find((s) => s.target.name === name);
    if (!slot) return;
    slot.running = false;
    slot.nextDue = (slot.cron.nextRun(now)?.getTime() ?? Number.POSITIVE_INFINITY) + slot.jitterMs;
  }

  /** Milliseconds until the next due target (for the daemon's timer). */
  msUntilNext(now: Date): number {
    const waiting = this.slots.filter((s) => !s.running).map((s) => s.nextDue);
    return waiting.length ? Math.max(0, Math.min(...waiting) - now.getTime()) : Number.POSITIVE_INFINITY;
  }

  /** The schedule's interval around `now`: the gap between its next two slots. */
  intervalMs(name: string, now: Date): number {
    const slot = this.slots.find((s) => s.target.name === name);
    const a = slot?.cron.nextRun(now);
    const b = a ? slot?.cron.nextRun(a) : undefined;
    return a && b ? b.getTime() - a.getTime() : Number.POSITIVE_INFINITY;
  }

  nextDue(name: string): Date | undefined {
    const slot = this.slots.find((s) => s.target.name === name);
    return slot && Number.isFinite(slot.nextDue) ? new Date(slot.nextDue) : undefined;
  }
}

/**
 * A target is stale when its last successful scan is older than `staleAfter` schedule intervals
 * (or it never succeeded and the daemon has been up that long).
 */
export function isStale(opts: {
  lastOk: Date | undefined;
  since: Date;
  now: Date;
  intervalMs: number;
  staleAfter: number;
}): boolean {
  const reference = opts.lastOk ?? opts.since;
  return opts.now.getTime() - reference.getTime() > opts.staleAfter * opts.intervalMs;
}
