import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { problemText, ProblemLog, MAX_REPORTED_PER_FILE } from '../../src/detect/problems.js';
import type { CloudTrailRecord } from '../../src/detect/record.js';
import { isProblem, RecordScanner, type ScanItem } from '../../src/detect/record-scanner.js';
import { runDetection } from '../../src/detect/run.js';
import { loadRules } from '../../src/detect/sigma.js';
import { FileSource, readEvents, type SourceEvent } from '../../src/detect/sources.js';
import { openStore } from '../../src/store/index.js';
import { inspectSqlite } from '../../src/store/sqlite/index.js';
import { minute, record } from './helpers.js';

/** The runs' clock: after every test event (events dated later than it plus 15 minutes are bad input). */
const CLOCK = () => Date.UTC(2026, 5, 1);
const tmp = () => mkdtempSync(join(tmpdir(), 'stance-badinput-'));

async function read(input: string | Buffer | (string | Buffer)[], file = 'f') {
  const events: SourceEvent[] = [];
  const problems: string[] = [];
  const chunks = Array.isArray(input) ? input : [input];
  const outcome = readEvents(Readable.from(chunks), file, (p) => problems.push(problemText(p)));
  for (;;) {
    const next = await outcome.next();
    if (next.done) return { events, problems, reported: next.value.problems };
    events.push(next.value);
  }
}

/** Every record and problem of a text pushed in chunks of `size` characters. */
function scan(text: string, size: number): ScanItem[] {
  const scanner = new RecordScanner();
  const out: ScanItem[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...scanner.push(text.slice(i, i + size)));
  out.push(...scanner.end());
  return out;
}

const failure = (m: number, ip = '198.51.100.9') =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    eventTime: minute(m),
    sourceIPAddress: ip,
    responseElements: { ConsoleLogin: 'Failure' },
  });

describe('bad input in JSON lines: reported with file, line and record, the rest read', () => {
  it('skips each broken line and reads the next ones', async () => {
    const good = [failure(0), failure(1), failure(2), failure(3), failure(4), failure(5)];
    const lines = [
      JSON.stringify(good[0]),
      '{"eventID": "cut-short", "eventTime": ', // truncated line
      JSON.stringify(good[1]),
      '{"eventID": "a", "eventName": "unterminated string', // a raw line break inside a string
      JSON.stringify(good[2]),
      'not json at all',
      JSON.stringify(good[3]),
      '{"eventID": "x", "eventName": 1,}', // complete braces, invalid JSON
      JSON.stringify({ ...good[4], eventTime: undefined }), // missing field
      JSON.stringify({ ...good[4], eventSource: 42 }), // wrong type
      JSON.stringify({ ...good[4], eventTime: 'yesterday' }), // not a date
      JSON.stringify(good[4]),
      '',
      JSON.stringify(good[5]),
    ];
    const { events, problems, reported } = await read(lines.join('\n') + '\n', 'logs/a.jsonl');
    expect(events.map((e) => e.record.eventID)).toEqual(good.map((r) => r.eventID));
    expect(events.map((e) => e.where.line)).toEqual([1, 3, 5, 7, 12, 14]);
    expect(problems).toEqual([
      'logs/a.jsonl:2: record 1: invalid JSON: the record is not complete',
      'logs/a.jsonl:4: record 3: invalid JSON: unterminated string',
      'logs/a.jsonl:6: record 5: invalid JSON: unexpected "n"',
      expect.stringMatching(/^logs\/a\.jsonl:8: record 7: invalid JSON \(.+\)$/),
      'logs/a.jsonl:9: record 8: missing eventTime',
      'logs/a.jsonl:10: record 9: missing eventSource',
      'logs/a.jsonl:11: record 10: eventTime "yesterday" is not a date',
    ]);
    expect(reported).toBe(7);
  });

  it('gives the same records and problems whatever the chunking', () => {
    const text = [
      JSON.stringify(failure(0)),
      '{"eventID": ',
      JSON.stringify(failure(1), null, 1).replace(/\n/g, '\n '), // pretty-printed, still one object
      '{"a": "open',
      'x',
      JSON.stringify({ Records: [failure(2)] }),
      '{"eventID":"tail"',
    ].join('\n');
    const whole = scan(text, text.length);
    expect(
      whole.map((i) => (isProblem(i) ? `${i.line}:${i.index}:${i.problem}` : `${i.line}:${i.index}`)),
    ).toEqual([
      '1:0',
      '2:1:invalid JSON: the record is not complete',
      '3:2',
      expect.stringMatching(/^\d+:3:invalid JSON: unterminated string$/),
      expect.stringMatching(/^\d+:4:invalid JSON: unexpected "x"$/),
      expect.stringMatching(/^\d+:5$/),
      expect.stringMatching(/^\d+:6:truncated: the record is not complete$/),
    ]);
    for (const size of [1, 2, 3, 7, 13, 64]) expect(scan(text, size)).toEqual(whole);
  });
});

describe('bad input in CloudTrail files: records before the break are used, the rest of the file is skipped', () => {
  const records = Array.from({ length: 5 }, (_, i) => failure(i));

  it('a Records array broken midway', async () => {
    const body = records.map((r) => JSON.stringify(r));
    body[2] = '{"eventID": "x" "eventName": "y"}';
    const { events, problems } = await read(`{"Records": [${body.join(',\n')}]}`, 'trail.json');
    expect(events.map((e) => e.record.eventID)).toEqual([records[0]!.eventID, records[1]!.eventID]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^trail\.json:3: record 2: invalid JSON \(.+\); the rest of the file is skipped$/,
      ),
    ]);
  });

  it('a Records array cut short (the last record incomplete)', async () => {
    const text = JSON.stringify({ Records: records });
    const cut = text.slice(0, text.indexOf(records[3]!.eventID));
    const { events, problems } = await read(cut, 'cut.json');
    expect(events.map((e) => e.record.eventID)).toEqual(records.slice(0, 3).map((r) => r.eventID));
    expect(problems).toEqual([
      'cut.json:1: record 3: truncated: the record is not complete; the rest of the file is skipped',
    ]);
  });

  it('a record that is not a CloudTrail event is skipped, the next ones are read', async () => {
    const doc = {
      Records: [records[0], { eventID: 'e', eventTime: '2026-03-02T10:00:00Z' }, 'text', records[1]],
    };
    const { events, problems } = await read(JSON.stringify(doc, null, 2), 'x.json');
    // A record that is not an object: the Records array cannot be followed past it.
    expect(events.map((e) => e.record.eventID)).toEqual([records[0]!.eventID]);
    expect(problems).toEqual([
      expect.stringMatching(/^x\.json:\d+: record 1: missing eventSource$/),
      expect.stringMatching(
        /^x\.json:\d+: record 2: invalid JSON: expected an event object, found "\\""; the rest of the file is skipped$/,
      ),
    ]);
  });

  it('a truncated gzip: the complete records before the cut are used, none after, no partial one', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => failure(i % 600, `198.51.100.${i % 250}`));
    for (const [name, text] of [
      ['t.json.gz', JSON.stringify({ Records: many })],
      ['t.jsonl.gz', many.map((r) => JSON.stringify(r)).join('\n')],
    ] as const) {
      const zipped = gzipSync(text);
      const { events, problems } = await read([zipped.subarray(0, Math.floor(zipped.length * 0.6))], name);
      expect(events.length).toBeGreaterThan(100);
      expect(events.length).toBeLessThan(many.length);
      // A prefix of the file, each record whole.
      expect(events.map((e) => e.record)).toEqual(many.slice(0, events.length));
      expect(problems).toEqual([
        `${name}: truncated gzip (unexpected end of file) after ${events.length} event(s); the rest of the file is skipped`,
      ]);
    }
  });

  it('a corrupt gzip (bad deflate data or CRC): nothing of it is used, not even what decoded before the damage', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => failure(i % 600, `198.51.100.${i % 250}`));
    const zipped = gzipSync(JSON.stringify({ Records: many }));
    const garbled = Buffer.from(zipped);
    garbled.fill(0x41, 2000, 2100);
    const crc = Buffer.from(zipped);
    crc[crc.length - 6] = crc[crc.length - 6]! ^ 0xff; // the CRC-32 in the trailer
    for (const [name, bytes] of [
      ['garbled.json.gz', garbled],
      ['crc.json.gz', crc],
    ] as const) {
      const { events, problems } = await read(bytes, name);
      expect(events).toEqual([]);
      expect(problems).toEqual([
        expect.stringMatching(
          new RegExp(`^${name.replace('.', '\\.')}: corrupt gzip \\(.+\\); the file is skipped`),
        ),
      ]);
    }
  });

  it('reports at most a few lines per file, then how many more', () => {
    const lines: string[] = [];
    const log = new ProblemLog((l) => lines.push(l));
    for (let i = 0; i < MAX_REPORTED_PER_FILE + 5; i++)
      log.add({ file: 'junk.gz', line: i + 1, index: i, message: 'invalid JSON' });
    log.add({ file: 'other.json', message: 'corrupt' });
    log.finish();
    expect(log.skipped).toBe(MAX_REPORTED_PER_FILE + 6);
    expect(log.files).toBe(2);
    expect(lines).toHaveLength(MAX_REPORTED_PER_FILE + 2);
    expect(lines.at(-1)).toBe(
      `junk.gz: 5 more problem(s) not shown (${MAX_REPORTED_PER_FILE + 5} in this file)`,
    );
  });
});

describe('hostile sizes: parsing is linear, one record is bounded', () => {
  const big = (chars: number) => ({ ...failure(0), requestParameters: { pad: 'x'.repeat(chars) } });
  const id = (item: ScanItem) =>
    isProblem(item) ? item.problem : (item.value as { eventID: string }).eventID;
  const chunked = (text: string, size = 65536) =>
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));

  it('a record arriving in many small chunks is scanned once, not again from its start for every chunk', () => {
    const [large, next] = [big(2_000_000), failure(1)];
    const text = JSON.stringify({ Records: [large, next] });
    const started = performance.now();
    const items = scan(text, 1024);
    // Rescanning from the record's start for every chunk is some 2,000 million character steps here.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(items.map(id)).toEqual([large.eventID, next.eventID]);
    expect(items[0]).toMatchObject({ value: large });
  });

  it('a record larger than the limit (4 MiB) is reported with its position and skipped; the records after it are read', async () => {
    const [before, large, after] = [failure(1), big(5_000_000), failure(2)];
    const lines = [before, large, after].map((r) => JSON.stringify(r)).join('\n');
    const jsonl = await read(chunked(lines), 'big.jsonl');
    expect(jsonl.events.map((e) => e.where.line)).toEqual([1, 3]);
    expect(jsonl.problems).toEqual([
      'big.jsonl:2: record 1: record larger than 4 MiB (the limit for one record); skipped',
    ]);
    const doc = JSON.stringify({ Records: [before, large, after] });
    const records = await read([gzipSync(doc)], 'big.json.gz');
    expect(records.events.map((e) => e.record.eventID)).toEqual([before.eventID, after.eventID]);
    expect(records.problems).toEqual([
      'big.json.gz:1: record 1: record larger than 4 MiB (the limit for one record); skipped',
    ]);
  });

  it('a record nested deeper than the limit is reported and skipped', async () => {
    const deep = {
      ...failure(3),
      requestParameters: JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)),
    };
    const next = failure(4);
    const { events, problems } = await read([JSON.stringify({ Records: [deep, next] })], 'deep.json');
    expect(events.map((e) => e.record.eventID)).toEqual([next.eventID]);
    expect(problems).toEqual([
      'deep.json:1: record 0: record nested more than 100 levels deep (the limit for one record); skipped',
    ]);
  });
});

describe('nothing half-stored', () => {
  const pack = loadRules([join(__dirname, '..', '..', 'policies', 'detections')]).rules;

  /** A small deterministic PRNG (mulberry32). */
  const prng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  function events(random: () => number, count: number): CloudTrailRecord[] {
    const ips = ['198.51.100.9', '198.51.100.10', '203.0.113.5'];
    const out: CloudTrailRecord[] = [];
    for (let i = 0; i < count; i++) {
      const t = minute(Math.floor(i * 3 + random() * 3));
      const r = random();
      if (r < 0.4) out.push({ ...failure(0, ips[Math.floor(random() * ips.length)]), eventTime: t });
      else if (r < 0.5)
        out.push(
          record({
            eventTime: t,
            eventSource: 'cloudtrail.amazonaws.com',
            eventName: 'StopLogging',
            requestParameters: { name: `trail-${Math.floor(random() * 3)}` },
          }),
        );
      else if (r < 0.7)
        out.push(
          record({
            eventTime: t,
            eventSource: 'secretsmanager.amazonaws.com',
            eventName: 'GetSecretValue',
            requestParameters: { secretId: `s-${Math.floor(random() * 40)}` },
          }),
        );
      else if (r < 0.85)
        out.push(
          record({
            eventTime: t,
            eventName: 'ListUsers',
            errorCode: random() < 0.5 ? 'AccessDenied' : undefined,
          }),
        );
      else
        out.push(
          record({
            eventTime: t,
            eventSource: 'ec2.amazonaws.com',
            eventName: 'DescribeInstances',
            awsRegion: ['us-east-1', 'eu-west-1', 'ap-south-1'][Math.floor(random() * 3)],
          }),
        );
    }
    return out;
  }

  const broken = [
    '{"eventID": "cut',
    '{"eventID": "x", "eventTime": }',
    'garbage',
    '{"eventName": "StopLogging"}',
    '{"eventID": "y", "eventTime": 5, "eventSource": "a", "eventName": "b"}',
  ];

  /** Files with bad input, and the same files holding only the records a correct reader uses. */
  function corrupt(random: () => number, list: CloudTrailRecord[], dirBad: string, dirGood: string): void {
    let file = 0;
    for (let i = 0; i < list.length; file++) {
      const part = list.slice(i, (i += 1 + Math.floor(random() * 25)));
      const name = `f${String(file).padStart(3, '0')}`;
      const kind = Math.floor(random() * 4);
      let bad: string;
      let good: CloudTrailRecord[];
      if (kind === 0) {
        // JSON lines with broken lines in between: every good line counts.
        const lines: string[] = [];
        for (const r of part) {
          if (random() < 0.3) lines.push(broken[Math.floor(random() * broken.length)]!);
          lines.push(JSON.stringify(r));
        }
        bad = lines.join('\n');
        good = part;
      } else if (kind === 1) {
        // A Records document garbled at one record: the records before it count.
        const at = Math.floor(random() * part.length);
        const body = part.map((r) => JSON.stringify(r));
        body[at] =
          body[at]!.slice(0, Math.floor(random() * body[at]!.length)) + (random() < 0.5 ? '"oops": ]' : '');
        bad = `{"Records": [${body.join(',')}]}`;
        good = part.slice(0, at);
      } else if (kind === 2) {
        // A Records document with records missing fields: the others count.
        const keep = part.map(() => random() < 0.8);
        bad = JSON.stringify({ Records: part.map((r, j) => (keep[j] ? r : { ...r, eventID: undefined })) });
        good = part.filter((_, j) => keep[j]);
      } else {
        bad = JSON.stringify({ Records: part });
        good = part;
      }
      writeFileSync(join(dirBad, `${name}.json`), bad);
      writeFileSync(join(dirGood, `${name}.json`), JSON.stringify({ Records: good }));
    }
  }

  async function dump(path: string): Promise<unknown> {
    const store = await openStore(path);
    try {
      return await inspectSqlite(store, (db) => {
        const all = (sql: string) => db.prepare(sql).all();
        return {
          signals: all('SELECT * FROM signals ORDER BY id'),
          state: all('SELECT key, value FROM detect_state ORDER BY key'),
          seen: all('SELECT * FROM detect_events ORDER BY event_id'),
          checkpoints: all('SELECT * FROM detect_checkpoints ORDER BY source, key'),
        };
      });
    } finally {
      await store.close();
    }
  }

  async function run(path: string, dir: string) {
    const store = await openStore(path);
    try {
      return await runDetection(store, [new FileSource([dir])], pack, { now: CLOCK });
    } finally {
      await store.close();
    }
  }

  it('a run over files with bad input stores exactly what a run over their good records stores', async () => {
    let skipped = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const random = prng(seed);
      const dir = tmp();
      const [bad, good] = [join(dir, 'bad'), join(dir, 'good')];
      for (const d of [bad, good]) mkdirSync(d);
      corrupt(random, events(random, 150), bad, good);
      const withBad = await run(join(dir, 'bad.db'), bad);
      const clean = await run(join(dir, 'good.db'), good);
      expect(clean.skipped).toBe(0);
      expect(withBad.events, `seed ${seed}`).toBe(clean.events);
      expect(await dump(join(dir, 'bad.db')), `seed ${seed}`).toEqual(await dump(join(dir, 'good.db')));
      expect(clean.newSignals.length, `seed ${seed}`).toBeGreaterThan(0);
      skipped += withBad.skipped;
    }
    expect(skipped).toBeGreaterThan(20);
  });
});
