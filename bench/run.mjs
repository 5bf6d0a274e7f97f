#!/usr/bin/env node
// Runs every benchmark in sequence: `npm run bench` (full sizes) or `npm run bench -- --small` (CI mode).
// Each benchmark prints JSON result lines; this runner collects them into bench/out/results.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const passThrough = args.filter((a) => !a.startsWith('--only='));
const benches = [
  'startup.mjs',
  'engine.mjs',
  'store.mjs',
  'history.mjs',
  'report.mjs',
  'console.mjs',
  'k8s.mjs',
  'detect.mjs',
  'aws-collect.mjs',
  'scale.mjs',
].filter((b) => !only || b.startsWith(only));

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: join(here, '..'), stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const results = [];
let failed = false;
for (const bench of benches) {
  process.stderr.write(`\n== bench/${bench} ${passThrough.join(' ')}\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', join(here, bench), ...passThrough], {
    cwd: join(here, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(run.stdout);
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('{')) {
      try {
        results.push(JSON.parse(line));
      } catch {
        // a table line that happens to start with a brace
      }
    }
  }
  if (run.status !== 0) {
    failed = true;
    process.stderr.write(`bench/${bench} failed with exit code ${run.status}\n`);
  }
}
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', 'results.json'), JSON.stringify(results, null, 2) + '\n');
process.exit(failed ? 1 : 0);
