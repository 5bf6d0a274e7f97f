#!/usr/bin/env node
// Writes the bundled sample CloudTrail logs (samples/cloudtrail/): two weeks of one account's
// realistic traffic from the benchmark's generator, with its injected attacks, as one gzip
// `{"Records": [...]}` file per day, all regions together in event-time order (so `--files` reads
// them in order; a real trail's per-region folders are read region by region). Deterministic:
// running it again writes the same events.
//   node scripts/make-sample-trail.mjs [--events 6000]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { generateTrail } from '../bench/lib/cloudtrail.mjs';

const args = process.argv.slice(2);
const events = Number(args.includes('--events') ? args[args.indexOf('--events') + 1] : 6000);
const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const out = join(here, '..', 'samples', 'cloudtrail');
const work = mkdtempSync(join(tmpdir(), 'stance-sample-'));
try {
  const { attackEvents } = generateTrail(work, events, 2026);
  const files = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
    );
  const records = files(work)
    .sort()
    .flatMap((f) => JSON.parse(gunzipSync(readFileSync(f)).toString()).Records)
    .sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
  const days = new Map();
  for (const r of records) {
    const day = r.eventTime.slice(0, 10);
    if (!days.has(day)) days.set(day, []);
    days.get(day).push(r);
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [day, list] of days)
    writeFileSync(
      join(out, `111122223333_CloudTrail_${day}.json.gz`),
      gzipSync(JSON.stringify({ Records: list })),
    );
  process.stdout.write(
    `${out}: ${records.length} events (${attackEvents} of injected attacks), ${days.size} files\n`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
