#!/usr/bin/env node
// Start-up time of the `stance` command beside bare `node`, in the same run:
//   node bench/startup.mjs [--runs 15] [--small]
// Runs `node -e 0`, `stance --version` and `stance findings` (on the demo database, made once by
// `stance demo` in a temporary directory) interleaved, so load on the machine hits all three alike,
// and reports each one's median wall time and its ratio to bare node against the targets
// (3× for --version, 5× for findings). Like every benchmark here it reports; it does not assert.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'stance.js');
const args = process.argv.slice(2);
const small = args.includes('--small');
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : small ? 5 : 15;

const dir = mkdtempSync(join(tmpdir(), 'stance-startup-'));
try {
  const demo = spawnSync(process.execPath, [bin, 'demo'], { cwd: dir, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`stance demo failed (${demo.status}): ${demo.stderr}`);
  const db = join(dir, 'stance-demo.db');

  const commands = [
    { name: 'node -e 0', argv: ['-e', '0'] },
    { name: 'stance --version', argv: [bin, '--version'], target: 3 },
    { name: 'stance findings', argv: [bin, 'findings', '--db', db], target: 5 },
  ];
  const times = new Map(commands.map((c) => [c.name, []]));
  const env = { ...process.env, NO_COLOR: '1' };
  for (let i = 0; i < runs + 1; i++) {
    for (const c of commands) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, c.argv, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (run.status !== 0) throw new Error(`${c.name} exited ${run.status}: ${run.stderr}`);
      if (i > 0) times.get(c.name).push(ms); // the first round warms the file cache
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  const base = median(times.get('node -e 0'));
  const rows = commands.map((c) => {
    const ms = median(times.get(c.name));
    const ratio = ms / base;
    return {
      bench: 'startup',
      command: c.name,
      runs,
      medianMs: Math.round(ms),
      ratioToNode: Number(ratio.toFixed(2)),
      ...(c.target ? { target: c.target, met: ratio <= c.target } : {}),
    };
  });
  process.stdout.write('| command | median ms | × node | target |\n|---|---:|---:|---|\n');
  for (const r of rows)
    process.stdout.write(
      `| ${r.command} | ${r.medianMs} | ${r.ratioToNode} | ${r.target ? `${r.target}× ${r.met ? 'met' : 'NOT met'}` : ''} |\n`,
    );
  for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
