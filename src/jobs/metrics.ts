/** The worker's counters, and their Prometheus text (GET /metrics). */
export type JobOutcome = 'committed' | 'duplicate' | 'stale' | 'lost' | 'failed' | 'requeued' | 'released';

export class WorkerMetrics {
  readonly jobs = new Map<string, number>();
  running = 0;
  private readonly durations = new Map<string, { sum: number; count: number }>();
  private readonly store = { sum: 0, count: 0, errors: 0 };

  count(queue: string, outcome: JobOutcome): void {
    const key = `${queue}\u0000${outcome}`;
    this.jobs.set(key, (this.jobs.get(key) ?? 0) + 1);
  }

  jobDuration(queue: string, seconds: number): void {
    const d = this.durations.get(queue) ?? { sum: 0, count: 0 };
    d.sum += seconds;
    d.count++;
    this.durations.set(queue, d);
  }

  /** Times one database call (queue or store); errors are counted too. */
  async timed<T>(fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } catch (error) {
      this.store.errors++;
      throw error;
    } finally {
      this.store.sum += (performance.now() - started) / 1000;
      this.store.count++;
    }
  }

  text(): string {
    const label = (v: string) => v.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
    const lines = [
      '# HELP stance_worker_jobs_total Jobs this worker finished, by queue and outcome (committed, duplicate, stale, lost, failed, requeued, released).',
      '# TYPE stance_worker_jobs_total counter',
      ...[...this.jobs].map(([key, n]) => {
        const [queue, outcome] = key.split('\u0000');
        return `stance_worker_jobs_total{queue="${label(queue!)}",outcome="${outcome}"} ${n}`;
      }),
      '# HELP stance_worker_jobs_running Jobs running in this worker now.',
      '# TYPE stance_worker_jobs_running gauge',
      `stance_worker_jobs_running ${this.running}`,
      '# HELP stance_worker_job_duration_seconds Time from fetch to commit (or failure) of a job, by queue.',
      '# TYPE stance_worker_job_duration_seconds summary',
      ...[...this.durations].flatMap(([queue, d]) => [
        `stance_worker_job_duration_seconds_sum{queue="${label(queue)}"} ${d.sum}`,
        `stance_worker_job_duration_seconds_count{queue="${label(queue)}"} ${d.count}`,
      ]),
      '# HELP stance_worker_store_latency_seconds Time spent in database calls (queue, leases, limits, commits).',
      '# TYPE stance_worker_store_latency_seconds summary',
      `stance_worker_store_latency_seconds_sum ${this.store.sum}`,
      `stance_worker_store_latency_seconds_count ${this.store.count}`,
      '# HELP stance_worker_store_errors_total Database calls that failed.',
      '# TYPE stance_worker_store_errors_total counter',
      `stance_worker_store_errors_total ${this.store.errors}`,
    ];
    return lines.join('\n') + '\n';
  }
}
