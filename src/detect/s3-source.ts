import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { ACCOUNT_ID } from '../model/aws-ids.js';
import type { Store, StoreTx } from '../store/index.js';
import { awsErrorText, isCredentialError, isNotFound } from '../collect/aws/errors.js';
import { clientConfig, customEndpoint } from '../collect/aws/session.js';
import type { ProblemSink } from './problems.js';
import type { TimeLimit } from './record.js';
import { isDigestFile, readEvents, type EventSource, type SourceEvent } from './sources.js';

const DAY_MS = 24 * 3600_000;
export const DEFAULT_LOOKBACK_MS = 2 * DAY_MS;

/** An S3Client, or a stand-in in unit tests. */
export type S3Sender = Pick<S3Client, 'send' | 'destroy'>;

export interface S3Location {
  bucket: string;
  /** Key prefix, empty or ending in "/". */
  prefix: string;
}

/** `s3://bucket[/prefix]` → bucket and a prefix that is empty or ends in "/". */
export function parseS3Url(url: string): S3Location {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url.trim());
  if (!m) throw new InputError(`--s3 ${url}: expected s3://bucket/prefix`);
  const rest = (m[2] ?? '').replace(/^\/+/, '').replace(/\/{2,}/g, '/');
  return { bucket: m[1]!, prefix: rest && !rest.endsWith('/') ? `${rest}/` : rest };
}

/** One object to read: where, which version (ETag), and when S3 last wrote it. */
interface TrailObject {
  key: string;
  etag: string;
  lastModified: number;
}

/** A folder to list: a trail's region folder (`.../CloudTrail/<region>/`), listed by day, or a deeper prefix listed whole. */
interface TrailFolder {
  prefix: string;
  dated: boolean;
}

export interface S3SourceOptions {
  /** Read day folders from this time on (instead of now minus the lookback). */
  since?: Date;
  /** How many days back to list day folders (and to remember processed objects). Default 2 days. */
  lookbackMs?: number;
  /** Only these regions' folders (default: every region found). */
  regions?: string[];
  now?: () => number;
}

export interface S3Stats {
  /** Trail region folders found. */
  folders: number;
  /** ListObjectsV2 requests made. */
  listRequests: number;
  /** Log objects in the listed day folders (digests excluded). */
  objects: number;
  /** Objects read this run (new, or re-written with a new ETag). */
  read: number;
  /** Objects skipped: already processed with the same ETag. */
  unchanged: number;
  /** Objects read with bad input (reported): not checkpointed, so the next run reads them again. */
  failed: number;
}

const ORG = /^o-[a-z0-9]{10,32}$/;
/** `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_20260302T1005Z_<id>.json.gz` */
const FILE_TIME = /_(\d{8}T\d{4}Z)_/;
const DATA_FILE = /\.(json|jsonl|ndjson)(\.gz)?$|\.gz$/i;

function lastSegment(prefix: string): string {
  const parts = prefix.split('/');
  return parts[parts.length - 2] ?? '';
}

function dayFolder(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/`;
}

const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/**
 * `--s3 s3://bucket/prefix`: a trail's log objects, account (`AWSLogs/<account>/CloudTrail/<region>/
 * YYYY/MM/DD/`) and organization (`AWSLogs/<org-id>/<account>/CloudTrail/...`) layouts.
 *
 * Incremental: accounts and regions are found with delimiter listings, then only the day folders
 * of the lookback window are listed. The checkpoint remembers every processed object (key and
 * ETag) over that window, not just the last key, so a late object written into a day folder
 * already read is still read, and an object re-written with a new ETag is read again (its events
 * are de-duplicated by eventID). Objects stream: GetObject body → gunzip → record parser.
 */
export class S3Source implements EventSource {
  readonly name: string;
  readonly stats: S3Stats = { folders: 0, listRequests: 0, objects: 0, read: 0, unchanged: 0, failed: 0 };
  private readonly location: S3Location;
  private readonly processed: TrailObject[] = [];
  private pruneBefore = 0;

  constructor(
    url: string,
    private readonly opts: S3SourceOptions = {},
    private readonly client: S3Sender = defaultClient(),
  ) {
    this.location = parseS3Url(url);
    this.name = `s3://${this.location.bucket}/${this.location.prefix}`;
  }

  private where(key: string): string {
    return `s3://${this.location.bucket}/${key}`;
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (
        isCredentialError(error) ||
        isNotFound(error, 'NoSuchBucket', 'AccessDenied', 'PermanentRedirect', 'AllAccessDisabled')
      ) {
        throw new InputError(`${what}: ${awsErrorText(error)}`);
      }
      throw error;
    }
  }

  /** ListObjectsV2 pages under a prefix (with Delimiter "/": its sub-folders), counted and with errors explained. */
  private async *pages(prefix: string, delimiter?: string) {
    let token: string | undefined;
    do {
      this.stats.listRequests++;
      const page = await this.call(`listing ${this.where(prefix)}`, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.location.bucket,
            Prefix: prefix,
            Delimiter: delimiter,
            ContinuationToken: token,
          }),
        ),
      );
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Sub-folders of a prefix. */
  private async folders(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for await (const page of this.pages(prefix, '/'))
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix);
    return out.sort();
  }

  /** Every CloudTrail log object under a prefix. */
  private async objects(prefix: string): Promise<TrailObject[]> {
    const out: TrailObject[] = [];
    for await (const page of this.pages(prefix)) {
      for (const o of page.Contents ?? []) {
        if (!o.Key || o.Key.endsWith('/') || isDigestFile(o.Key) || !DATA_FILE.test(o.Key)) continue;
        out.push({ key: o.Key, etag: o.ETag ?? '', lastModified: o.LastModified?.getTime() ?? 0 });
      }
    }
    return out;
  }

  private regionAllowed(prefix: string): boolean {
    return !this.opts.regions?.length || this.opts.regions.includes(lastSegment(prefix));
  }

  /** The trail's region folders (or, for a prefix below a region folder, that prefix alone). */
  private async discover(): Promise<TrailFolder[]> {
    const base = this.location.prefix;
    const inside = /(?:^|\/)CloudTrail\/[^/]+\/(.*)$/.exec(base);
    if (inside) return [{ prefix: base, dated: inside[1] === '' }];
    const out: TrailFolder[] = [];
    const regions = async (cloudTrail: string) => {
      for (const region of await this.folders(cloudTrail))
        if (this.regionAllowed(region)) out.push({ prefix: region, dated: true });
    };
    // Only the names the layouts use are descended into: AWSLogs, account ids, organization ids, CloudTrail
    // (never CloudTrail-Digest or CloudTrail-Insight).
    const walk = async (prefix: string, depth: number): Promise<void> => {
      if (lastSegment(prefix) === 'CloudTrail') return regions(prefix);
      if (depth > 4) return;
      for (const child of await this.folders(prefix)) {
        const name = lastSegment(child);
        if (name === 'CloudTrail') await regions(child);
        else if (name === 'AWSLogs' || ACCOUNT_ID.test(name) || ORG.test(name)) await walk(child, depth + 1);
      }
    };
    await walk(base, 0);
    return out;
  }

  async *events(
    store: Store,
    report: ProblemSink = () => {},
    limit?: TimeLimit,
  ): AsyncGenerator<SourceEvent> {
    const now = (this.opts.now ?? Date.now)();
    const lookbackStart = startOfDay(now - (this.opts.lookbackMs ?? DEFAULT_LOOKBACK_MS));
    const from = this.opts.since ? startOfDay(this.opts.since.getTime()) : lookbackStart;
    // Objects in day folders older than both are never listed again: their checkpoint rows go.
    this.pruneBefore = Math.min(from, lookbackStart);
    const seen = new Map<string, string>();
    for (const row of await store.detection.checkpoints(this.name)) seen.set(row.key, row.etag);

    const folders = await this.discover();
    this.stats.folders = folders.length;
    if (folders.length === 0) {
      throw new InputError(
        `${this.name}: no CloudTrail logs found (expected <prefix>/AWSLogs/<account>/CloudTrail/<region>/ or AWSLogs/<org-id>/<account>/CloudTrail/<region>/; give the trail's S3 key prefix)`,
      );
    }
    const batches: string[][] = [];
    const undated = folders.filter((f) => !f.dated).map((f) => f.prefix);
    if (undated.length) batches.push(undated);
    const dated = folders.filter((f) => f.dated).map((f) => f.prefix);
    // Day by day, all regions of a day together, in file-time order: events arrive roughly in event-time order.
    if (dated.length)
      for (let day = from; day <= now; day += DAY_MS) batches.push(dated.map((f) => f + dayFolder(day)));
    for (const prefixes of batches) {
      const listed: TrailObject[] = [];
      for (const prefix of prefixes) listed.push(...(await this.objects(prefix)));
      this.stats.objects += listed.length;
      const fresh = listed.filter((o) => seen.get(o.key) !== o.etag);
      this.stats.unchanged += listed.length - fresh.length;
      const order = (o: TrailObject) => FILE_TIME.exec(o.key.slice(o.key.lastIndexOf('/') + 1))?.[1] ?? '';
      fresh.sort((a, b) => order(a).localeCompare(order(b)) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const object of fresh) {
        let response: { Body?: unknown; ETag?: string; LastModified?: Date };
        try {
          response = await this.call(`reading ${this.where(object.key)}`, () =>
            this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: object.key })),
          );
        } catch (error) {
          if (isNotFound(error, 'NoSuchKey')) continue; // deleted since the listing
          throw error;
        }
        if (!response.Body) throw new InputError(`${this.where(object.key)}: GetObject returned no body`);
        const outcome = yield* readEvents(response.Body as Readable, this.where(object.key), report, limit);
        this.stats.read++;
        // A corrupt object is not checkpointed: its good events count now, and every run within the
        // lookback reads it again (its events already seen are de-duplicated) until it is fixed or leaves the window.
        if (outcome.problems > 0) {
          this.stats.failed++;
          continue;
        }
        this.processed.push({
          key: object.key,
          etag: response.ETag ?? object.etag,
          lastModified: response.LastModified?.getTime() ?? object.lastModified,
        });
      }
    }
  }

  close(): void {
    this.client.destroy();
  }

  async checkpoint(tx: StoreTx, now: number): Promise<void> {
    // An object in a day folder is written on or after that day, so last_modified before the window means outside it.
    await tx.detection.saveCheckpoints(
      this.name,
      this.processed.map((o) => ({
        key: o.key,
        etag: o.etag,
        lastModified: o.lastModified,
        processedAt: now,
      })),
      this.pruneBefore,
    );
  }
}

function defaultClient(): S3Client {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  // Emulators and private endpoints do not serve bucket-named hosts; a bucket in another region is followed.
  return new S3Client({
    ...clientConfig(region, undefined),
    forcePathStyle: customEndpoint('S3'),
    followRegionRedirects: true,
  });
}
