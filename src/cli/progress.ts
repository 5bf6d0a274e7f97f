import type { ScanProgress } from '../scan/pipeline.js';
import { stderrStatusLine, type StatusLine } from './output.js';

/**
 * Progress on stderr, only when stderr is a terminal: cron jobs and pipes stay quiet.
 * Redraws at most every 100 ms.
 */
export class TerminalProgress implements ScanProgress {
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

  private draw(force: boolean): void {
    if (!this.status.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const amount = this.total ? ` ${this.count}/${this.total}` : '';
    this.status.show(`${this.name}…${amount}`);
  }
}
