/**
 * How far an engine evaluating groups may run ahead of the caller that records them: a group is
 * handed to the workers only while it is fewer than `ahead` groups past the last one the caller
 * has started on. Verdicts evaluated far ahead of recording pile up in memory (bench/k8s.mjs).
 */
export class GroupWindow {
  private taken = 0;
  private open = false;
  private listeners: (() => void)[] = [];

  constructor(private readonly ahead: number) {
    if (!Number.isInteger(ahead) || ahead < 1)
      throw new Error(`ahead must be a positive integer, got ${ahead}`);
  }

  /** The caller has started on group `index` (and is done with every group before it). */
  take(index: number): void {
    if (index + 1 <= this.taken) return;
    this.taken = index + 1;
    this.notify();
  }

  /** Lifts the limit for good: the caller stops early, or needs the engine for other work first. */
  release(): void {
    this.open = true;
    this.notify();
  }

  admits(group: number): boolean {
    return this.open || group < this.taken + this.ahead;
  }

  /** Calls `listener` once, at the next `take` or `release`. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}
