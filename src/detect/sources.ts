import { createReadStream, statSync } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import type { Store, StoreTx } from '../store/index.js';
import type { InputProblem, ProblemSink } from './problems.js';
import { isProblem, RecordScanner, type ScanItem } from './record-scanner.js';
import { checkRecord, futureProblem, type CloudTrailRecord, type TimeLimit } from './record.js';
import { walkFiles, type WalkProblem } from './walk.js';

/** One event read from a source, with where it came from (for error messages and de-duplication). */
export interface SourceEvent {
  record: CloudTrailRecord;
  /** Event time in epoch milliseconds. */
  time: number;
  where: { file: string; line: number; index: number };
}

/**
 * A source of CloudTrail events: files, S3 or LookupEvents. A source reads its checkpoint from the
 * store in `events` and writes it in `checkpoint`, inside the run's commit transaction, so the
 * checkpoint commits together with the signals and state of the events it covers, or not at all.
 */
export interface EventSource {
  readonly name: string;
  /**
   * Bad input goes to `report` (counted, with file and position); reading goes on. An event dated
   * after `limit.latest` is bad input too.
   */
  events(store: Store, report: ProblemSink, limit?: TimeLimit): AsyncIterable<SourceEvent>;
  /** Called after every event was processed, before COMMIT, in the run's transaction. */
  checkpoint?(tx: StoreTx, now: number): Promise<void>;
}

const DATA_FILE = /\.(json|jsonl|ndjson)(\.gz)?$|\.gz$/i;

/** CloudTrail digest files (integrity hashes) carry no events. */
export function isDigestFile(path: string): boolean {
  return /CloudTrail-Digest/i.test(path);
}

/** The delivery time in a CloudTrail file name: `<account>_CloudTrail_<region>_20260302T1005Z_<id>.json.gz`. */
const FILE_TIME = /_CloudTrail_[a-z0-9-]+_(\d{8}T\d{4}Z)_[^/\\]*$/;

/**
 * The files found in one directory, in reading order: CloudTrail log files by the time in their
 * name (so a trail's regions and accounts are read together, day by day, as S3 reading does:
 * walking `CloudTrail/<region>/` folders one region after another would put whole days of events
 * behind the correlation windows and new-value learning), then any other file, in path order.
 */
function readingOrder(files: string[]): string[] {
  const stamped = files.map((path, i) => ({ path, i, time: FILE_TIME.exec(path)?.[1] }));
  return stamped
    .sort((a, b) =>
      a.time && b.time
        ? a.time < b.time
          ? -1
          : a.time > b.time
            ? 1
            : a.i - b.i
        : a.time
          ? -1
          : b.time
            ? 1
            : a.i - b.i,
    )
    .map((f) => f.path);
}

/**
 * Files to read, in a stable order: directories walked recursively (see readingOrder), digests and
 * hidden files skipped. A path given that does not exist is an input error; an entry inside a
 * directory that cannot be used (a dangling or looping link, an unreadable directory, a pipe) is
 * added to `problems` and skipped.
 */
export function expandPaths(paths: string[], problems: WalkProblem[] = []): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(path);
      continue;
    }
    let stat;
    try {
      stat = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(`${path}: no such file or directory`);
      problems.push({
        path,
        reason:
          code === 'ELOOP'
            ? 'symbolic link loop'
            : code === 'EACCES'
              ? 'permission denied'
              : `cannot read (${code})`,
      });
      continue;
    }
    if (stat.isDirectory()) {
      const found = walkFiles(
        path,
        {
          skipHidden: true,
          enter: (name) => !isDigestFile(name),
          wanted: (name, file) => DATA_FILE.test(name) && !isDigestFile(file),
        },
        problems,
      );
      out.push(...readingOrder(found));
    } else if (!isDigestFile(path)) out.push(path);
  }
  return out;
}

/** Bytes → text, gunzipping when the stream starts with the gzip magic number (then `info.gzip` is set). */
async function* textChunks(stream: Readable, info: { gzip: boolean }): AsyncGenerator<string> {
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
  const gzip = (info.gzip = first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b);
  const plain: Readable = gzip ? pipeline(bytes, createGunzip(), () => {}) : bytes;
  for await (const chunk of plain as AsyncIterable<Buffer>) yield decoder.write(chunk);
  yield decoder.end();
}

/** What reading one file or stream found wrong. */
export interface ReadOutcome {
  /** Problems reported (0: the file was read whole and clean). */
  problems: number;
}

/**
 * The text of a gzip file is held back, unparsed, until its CRC is checked at the end, so the
 * garbage a corrupt deflate stream can decode into is never used. Beyond this many characters
 * (some 20,000 records) a file streams on. Text is compact and costs the garbage collector nothing
 * to keep, unlike parsed records.
 */
export const GZIP_HOLD_CHARS = 32 * 1024 * 1024;

type GzipFailure = 'truncated' | 'corrupt' | undefined;

function gzipFailure(error: unknown): GzipFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? '';
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message)) return 'truncated';
  if (
    code === 'Z_DATA_ERROR' ||
    code === 'Z_STREAM_ERROR' ||
    /incorrect (header|data|length) check|invalid (block type|distance|stored block|code)|header crc/i.test(
      message,
    )
  )
    return 'corrupt';
  return undefined;
}

/**
 * Events of one file or stream, in file order. Bad input goes to `report` with the file and
 * position, and reading goes on: a bad record is skipped; when the file's structure breaks (a
 * `{"Records": [...]}` document cut or garbled midway, a truncated gzip) the records before the
 * break are used and the rest of the file is skipped. A corrupt gzip (bad deflate data or CRC) is
 * skipped whole, unless its text outgrows GZIP_HOLD_CHARS before the damage is found. A record is
 * yielded only when it was parsed whole and checked, so nothing half-read ever reaches the engine.
 * Errors other than bad input (a network failure mid-object) still throw.
 */
export async function* readEvents(
  stream: Readable,
  file: string,
  report: ProblemSink,
  limit?: TimeLimit,
): AsyncGenerator<SourceEvent, ReadOutcome> {
  const scanner = new RecordScanner();
  const info = { gzip: false };
  let problems = 0;
  let used = 0;
  /** Text of a gzip file not parsed yet (undefined once the file streams on). */
  let held: string[] | undefined = [];
  let heldChars = 0;
  const note = (problem: InputProblem) => {
    problems++;
    report(problem);
  };
  function* take(list: ScanItem[]): Generator<SourceEvent> {
    for (const item of list) {
      if (isProblem(item)) {
        note({
          file,
          line: item.line,
          index: item.index,
          message: item.fatal ? `${item.problem}; the rest of the file is skipped` : item.problem,
        });
        continue;
      }
      const problem = checkRecord(item.value);
      if (problem) {
        note({ file, line: item.line, index: item.index, message: problem });
        continue;
      }
      const record = item.value as CloudTrailRecord;
      const time = Date.parse(record.eventTime);
      const future = futureProblem(record, time, limit);
      if (future) {
        note({ file, line: item.line, index: item.index, message: future });
        continue;
      }
      used++;
      yield { record, time, where: { file, line: item.line, index: item.index } };
    }
  }
  /** Parses the held text (if any); from then on the file streams. */
  function* release(): Generator<SourceEvent> {
    const chunks = held ?? [];
    held = undefined;
    for (const text of chunks) {
      if (scanner.stopped) break;
      yield* take(scanner.push(text));
    }
  }
  try {
    for await (const text of textChunks(stream, info)) {
      if (info.gzip && held) {
        held.push(text);
        heldChars += text.length;
        if (heldChars <= GZIP_HOLD_CHARS) continue;
        yield* release();
      } else yield* take(scanner.push(text));
      if (scanner.stopped) break;
    }
    yield* release();
    yield* take(scanner.end());
  } catch (error) {
    const failure = gzipFailure(error);
    const reason = `(${(error as Error).message})`;
    if (failure === 'truncated') {
      // Decoding a cut stream yields a true prefix of the file: its complete records are used; the record cut in two is not.
      yield* release();
      note({
        file,
        message: `truncated gzip ${reason} after ${used} event(s); the rest of the file is skipped`,
      });
      return { problems };
    }
    if (failure === 'corrupt') {
      note({
        file,
        message: held
          ? `corrupt gzip ${reason}; the file is skipped`
          : `corrupt gzip ${reason} after ${used} event(s); the rest of the file is skipped`,
      });
      return { problems };
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      note({
        file,
        message:
          code === 'ENOENT'
            ? 'no such file (removed while reading?)'
            : code === 'EISDIR'
              ? 'is a directory'
              : 'permission denied',
      });
      return { problems };
    }
    throw error;
  } finally {
    // Stop reading a file abandoned midway (a fatal problem) or on error.
    if (!stream.destroyed) stream.destroy();
  }
  return { problems };
}

/** The files a FileSource reads, in order, and the directory entries it skipped while listing them. */
export interface FilePlan {
  files: string[];
  listing: WalkProblem[];
}

/** The events of planned files (`-` is `stdin`), in order; bad input goes to `report`. */
export async function* plannedEvents(
  plan: FilePlan,
  stdin: Readable,
  report: ProblemSink,
  limit?: TimeLimit,
): AsyncGenerator<SourceEvent> {
  for (const p of plan.listing) report({ file: p.path, message: `${p.reason}; skipped` });
  for (const file of plan.files) {
    if (file === '-') yield* readEvents(stdin, 'stdin', report, limit);
    else yield* readEvents(createReadStream(file, { highWaterMark: 256 * 1024 }), file, report, limit);
  }
}

/** `--files PATH...`: files as CloudTrail writes them (gzip or not), JSON lines, directories, `-` for stdin. */
export class FileSource implements EventSource {
  readonly name = 'files';
  /** The files to read and the directory entries skipped while listing them (reported when reading starts). */
  readonly plan: FilePlan;

  constructor(
    paths: string[],
    private readonly stdin: Readable = process.stdin,
  ) {
    const listing: WalkProblem[] = [];
    this.plan = { files: expandPaths(paths, listing), listing };
  }

  get fileCount(): number {
    return this.plan.files.length;
  }

  /** Bytes on disk of the files to read (stdin counts nothing); a file that cannot be stat'ed counts nothing. */
  bytes(): number {
    let total = 0;
    for (const file of this.plan.files) {
      if (file === '-') continue;
      try {
        total += statSync(file).size;
      } catch {
        // reported when it is read
      }
    }
    return total;
  }

  events(_store?: Store, report: ProblemSink = () => {}, limit?: TimeLimit): AsyncGenerator<SourceEvent> {
    return plannedEvents(this.plan, this.stdin, report, limit);
  }
}
