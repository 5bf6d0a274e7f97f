import type { ScanProgress } from '../scan/pipeline.js';

/**
 * Progress on stderr, only when stderr is a terminal: cron jobs and pipes stay quiet.
 * Redraws at most every 100 ms.
 */
export class TerminalProgress implements ScanProgress {
  private name = '';
  private total: number | undefined;
  private count = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = Boolean(stream.isTTY) && process.env.CI !== 'true';
  }

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
    if (!this.enabled || !this.name) return;
    this.stream.write('\r\x1b[K');
    this.name = '';
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const amount = this.total ? ` ${this.count}/${this.total}` : '';
    this.stream.write(`\r\x1b[K${this.name}…${amount}`);
  }
}

/** A message for people on stderr (never mixed into JSON on stdout). */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
