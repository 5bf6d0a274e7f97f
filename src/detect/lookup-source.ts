import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { InputError } from '../errors.js';
import type { Checkpoint, Store, StoreTx } from '../store/index.js';
import { awsErrorText, isCredentialError, isRegionDisabled } from '../collect/aws/errors.js';
import { clientConfig } from '../collect/aws/session.js';
import { DEFAULT_LATENESS_MS } from './engine.js';
import { checkRecord, futureProblem, type CloudTrailRecord, type TimeLimit } from './record.js';
import { DEFAULT_LOOKBACK_MS } from './s3-source.js';
import type { ProblemSink } from './problems.js';
import type { EventSource, SourceEvent } from './sources.js';

/** CloudTrail's documented limit for LookupEvents: 2 requests per second, per account and region. */
export const LOOKUP_RATE_PER_SECOND = 2;
/**
 * The rate Stance sends at: 90% of the limit. AWS counts arrivals, and a request that left on time
 * can arrive later than the next one (connection set-up, retries), bunching them up.
 */
export const LOOKUP_SEND_RATE = LOOKUP_RATE_PER_SECOND * 0.9;

/**
 * A token bucket: `ratePerSecond` tokens a second, at most `capacity` saved up. With capacity 1
 * requests are simply spaced 1/rate apart, so no one-second window ever holds more than `rate`
 * of them (with a larger burst, `capacity + rate` could land within one second).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity = 1,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Resolves when a request may go; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const t = this.now();
        this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.ratePerSecond) / 1000);
        this.last = t;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await this.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond));
      }
    });
    this.queue = turn;
    return turn;
  }
}

/** What the source needs of a CloudTrail client: an SDK client, or a stand-in in unit tests. */
export type LookupClient = Pick<CloudTrailClient, 'send' | 'destroy'>;

/** The SDK client for one region, every request (retries included) through the region's token bucket. */
export function lookupClient(region: string, bucket = new TokenBucket(LOOKUP_SEND_RATE)): CloudTrailClient {
  const client = new CloudTrailClient(clientConfig(region, undefined));
  // The deserialize step runs once per attempt, after retry and signing: retries wait their turn too.
  client.middlewareStack.add(
    (next) => async (args) => {
      await bucket.take();
      return next(args);
    },
    { step: 'deserialize', name: 'stanceLookupRateLimit' },
  );
  return client;
}

export interface LookupSourceOptions {
  regions: string[];
  /** Read from this time (instead of the checkpoint). */
  since?: Date;
  /** First run without --since: how far back. Default 2 days. */
  lookbackMs?: number;
  /** The checkpoint's start is moved back by this much: events reach LookupEvents minutes late. */
  latenessMs?: number;
  now?: () => number;
  clientFor?: (region: string) => LookupClient;
}

export interface LookupStats {
  /** LookupEvents requests per region. */
  requests: Record<string, number>;
  /** StartTime asked per region (ISO). */
  startTime: Record<string, string>;
}

interface Fetched {
  time: number;
  region: string;
  id: string;
  json: string;
}

const SOURCE = 'cloudtrail-lookup';

/**
 * `--lookup`: management events from CloudTrail LookupEvents, per region, paginated (NextToken),
 * at most 2 requests a second per region. The checkpoint per region is the later of the last
 * event time and the last query time; the next run starts that minus the allowed lateness, and
 * events read twice are de-duplicated by eventID. LookupEvents answers newest first: a region's
 * events are collected, then all regions are merged in event-time order.
 */
export class LookupSource implements EventSource {
  readonly name = 'lookup';
  readonly stats: LookupStats = { requests: {}, startTime: {} };
  private readonly clients = new Map<string, LookupClient>();
  private readonly marks = new Map<string, { lastEvent: number; queried: number }>();

  constructor(private readonly opts: LookupSourceOptions) {
    if (opts.regions.length === 0)
      throw new InputError('--lookup: no region (set AWS_REGION or pass --regions)');
  }

  private client(region: string): LookupClient {
    let client = this.clients.get(region);
    if (!client) this.clients.set(region, (client = (this.opts.clientFor ?? lookupClient)(region)));
    return client;
  }

  private startTime(checkpoints: Map<string, Checkpoint>, region: string, now: number): number {
    if (this.opts.since) return this.opts.since.getTime();
    const row = checkpoints.get(region);
    if (!row) return now - (this.opts.lookbackMs ?? DEFAULT_LOOKBACK_MS);
    // Never from later than now: a checkpoint carried into the future (a future-dated event) would skip every real one.
    return (
      Math.min(Math.max(row.lastModified, row.processedAt), now) -
      (this.opts.latenessMs ?? DEFAULT_LATENESS_MS)
    );
  }

  private async fetchRegion(region: string, start: Date, queried: number): Promise<Fetched[]> {
    const out: Fetched[] = [];
    const client = this.client(region);
    let token: string | undefined;
    let lastEvent = 0;
    do {
      this.stats.requests[region] = (this.stats.requests[region] ?? 0) + 1;
      let page;
      try {
        page = await client.send(
          new LookupEventsCommand({ StartTime: start, MaxResults: 50, NextToken: token }),
        );
      } catch (error) {
        if (
          isCredentialError(error) ||
          isRegionDisabled(error) ||
          (error as { name?: string }).name === 'AccessDeniedException'
        ) {
          throw new InputError(`LookupEvents in ${region}: ${awsErrorText(error)}`);
        }
        throw error;
      }
      for (const e of page.Events ?? []) {
        const time = e.EventTime?.getTime() ?? 0;
        // An event dated after the query cannot move the checkpoint past it.
        if (time > lastEvent && time <= queried) lastEvent = time;
        out.push({ time, region, id: e.EventId ?? '', json: e.CloudTrailEvent ?? '' });
      }
      token = page.NextToken || undefined;
    } while (token);
    this.marks.set(region, { lastEvent, queried });
    return out;
  }

  /** A bad CloudTrailEvent is reported and skipped; the checkpoint still moves past it (reading it again would not fix it). */
  async *events(
    store: Store,
    report: ProblemSink = () => {},
    limit?: TimeLimit,
  ): AsyncGenerator<SourceEvent> {
    const now = (this.opts.now ?? Date.now)();
    const checkpoints = new Map((await store.detection.checkpoints(SOURCE)).map((c) => [c.key, c]));
    const starts = this.opts.regions.map((region) => new Date(this.startTime(checkpoints, region, now)));
    this.opts.regions.forEach((region, i) => (this.stats.startTime[region] = starts[i]!.toISOString()));
    // Regions in parallel: each has its own limit.
    const fetched = (
      await Promise.all(this.opts.regions.map((region, i) => this.fetchRegion(region, starts[i]!, now)))
    ).flat();
    fetched.sort((a, b) => a.time - b.time);
    for (let i = 0; i < fetched.length; i++) {
      const f = fetched[i]!;
      const file = `lookup:${f.region}`;
      let value: unknown;
      try {
        value = JSON.parse(f.json);
      } catch (error) {
        report({ file, message: `event ${f.id}: CloudTrailEvent is not JSON (${(error as Error).message})` });
        continue;
      }
      const problem = checkRecord(value);
      if (problem) {
        report({ file, message: `event ${f.id}: ${problem}` });
        continue;
      }
      const record = value as CloudTrailRecord;
      const time = Date.parse(record.eventTime);
      const future = futureProblem(record, time, limit);
      if (future) {
        report({ file, message: `event ${f.id}: ${future}` });
        continue;
      }
      yield { record, time, where: { file, line: 0, index: i } };
    }
  }

  async checkpoint(tx: StoreTx): Promise<void> {
    await tx.detection.advanceCheckpoints(
      SOURCE,
      [...this.marks].map(([region, mark]) => ({
        key: region,
        etag: '',
        lastModified: mark.lastEvent,
        processedAt: mark.queried,
      })),
    );
  }

  close(): void {
    for (const c of this.clients.values()) c.destroy();
  }
}
