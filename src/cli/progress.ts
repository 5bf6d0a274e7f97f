import type { ProgressEvent } from '../index.js';
import { stderrStatusLine, type StatusLine } from './output.js';

/**
 * Progress on stderr, only when stderr is a terminal: cron jobs and pipes stay quiet.
 * Redraws at most every 100 ms. `report` is the library's onProgress callback.
 */
export class TerminalProgress {
  private name = '';
  private total: number | undefined;
  private count = 0;
  private lastDraw = 0;

  constructor(private readonly status: StatusLine = stderrStatusLine()) {}

  phase(name: string, total?: number): void {
    this.name = name;
    this.total = total;
    this.count = 0;
    this.draw(true);
  }

  tick(n = 1): void {
    this.count += n;
    this.draw(false);
  }

  done(): void {
    if (!this.status.enabled || !this.name) return;
    this.status.clear();
    this.name = '';
  }

  /** The library's progress events, drawn as the phase and its count. */
  readonly report = (event: ProgressEvent): void => {
    if (event.ended) return this.done();
    if (event.phase !== this.name) this.phase(event.phase, event.total);
    this.tick(event.done - this.count);
  };

  private draw(force: boolean): void {
    if (!this.status.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const amount = this.total ? ` ${this.count}/${this.total}` : this.count ? ` ${this.count}` : '';
    this.status.show(`${this.name}…${amount}`);
  }
}
