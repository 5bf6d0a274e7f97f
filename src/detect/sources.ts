import type Database from 'better-sqlite3';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { RecordScanner, ScanError, type ScannedRecord } from './record-scanner.js';
import { checkRecord, type CloudTrailRecord } from './record.js';

/** One event read from a source, with where it came from (for error messages and de-duplication). */
export interface SourceEvent {
  record: CloudTrailRecord;
  /** Event time in epoch milliseconds. */
  time: number;
  where: { file: string; line: number; index: number };
}

/**
 * A source of CloudTrail events: files, S3 or LookupEvents. Both methods run inside the run's
 * write transaction: a source reads its checkpoint in `events` and writes it in `checkpoint`, so
 * the checkpoint commits together with the signals and state of the events it covers, or not at all.
 */
export interface EventSource {
  readonly name: string;
  events(db: Database.Database): AsyncIterable<SourceEvent>;
  /** Called after every event was processed, before COMMIT, in the same transaction. Synchronous. */
  checkpoint?(db: Database.Database, now: number): void;
}

const DATA_FILE = /\.(json|jsonl|ndjson)(\.gz)?$|\.gz$/i;

/** CloudTrail digest files (integrity hashes) carry no events. */
export function isDigestFile(path: string): boolean {
  return /CloudTrail-Digest/i.test(path);
}

/** Files to read, in a stable order: directories walked recursively, digests and hidden files skipped. */
export function expandPaths(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        if (!isDigestFile(name)) walk(path);
      } else if (DATA_FILE.test(name) && !isDigestFile(path)) out.push(path);
    }
  };
  for (const path of paths) {
    if (path === '-') {
      out.push(path);
      continue;
    }
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new InputError(`${path}: no such file or directory`);
    }
    if (stat.isDirectory()) walk(path);
    else if (!isDigestFile(path)) out.push(path);
  }
  return out;
}

/** Bytes → text, gunzipping when the stream starts with the gzip magic number. */
async function* textChunks(stream: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await iterator.next();
  if (head.done) return;
  const first = head.value;
  const bytes = Readable.from(
    (async function* () {
      yield first;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  );
  const gzip = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  const plain: Readable = gzip ? pipeline(bytes, createGunzip(), () => {}) : bytes;
  for await (const chunk of plain as AsyncIterable<Buffer>) yield decoder.write(chunk);
  yield decoder.end();
}

function toEvent(scanned: ScannedRecord, file: string): SourceEvent {
  const where = { file, line: scanned.line, index: scanned.index };
  const problem = checkRecord(scanned.value);
  if (problem) throw new InputError(`${file}:${scanned.line}: record ${scanned.index}: ${problem}`);
  const record = scanned.value as CloudTrailRecord;
  return { record, time: Date.parse(record.eventTime), where };
}

/** Events of one file or stream, in file order. Errors name the file, line and record index. */
export async function* readEvents(stream: Readable, file: string): AsyncGenerator<SourceEvent> {
  const scanner = new RecordScanner();
  try {
    for await (const text of textChunks(stream)) {
      for (const scanned of scanner.push(text)) yield toEvent(scanned, file);
    }
    for (const scanned of scanner.end()) yield toEvent(scanned, file);
  } catch (error) {
    if (error instanceof ScanError) throw new InputError(`${file}:${error.line}: record ${error.index}: ${error.message}`);
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || /unexpected end of file/i.test((error as Error).message)) {
      throw new InputError(`${file}: corrupt or truncated gzip (${(error as Error).message})`);
    }
    if (code === 'ENOENT') throw new InputError(`${file}: no such file`);
    if (code === 'EISDIR') throw new InputError(`${file}: is a directory`);
    throw error;
  }
}

/** `--files PATH...`: files as CloudTrail writes them (gzip or not), JSON lines, directories, `-` for stdin. */
export class FileSource implements EventSource {
  readonly name = 'files';
  private readonly files: string[];

  constructor(
    paths: string[],
    private readonly stdin: Readable = process.stdin,
  ) {
    this.files = expandPaths(paths);
  }

  get fileCount(): number {
    return this.files.length;
  }

  async *events(): AsyncGenerator<SourceEvent> {
    for (const file of this.files) {
      if (file === '-') yield* readEvents(this.stdin, 'stdin');
      else yield* readEvents(createReadStream(file, { highWaterMark: 256 * 1024 }), file);
    }
  }
}
