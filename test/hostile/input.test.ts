/**
 * Input mistakes a person makes at the prompt: an output file in a directory that does not exist,
 * a directory given as the output file, an absurd retention window. Each is exit 2 with one line
 * naming what is wrong, checked before any work is done, and leaves no file (partial or temporary)
 * and an unchanged database behind.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runStance, tempDir, type CliResult } from '../helpers/cli.js';

let dir: string;
let db: string;
const stance = (...args: string[]) => runStance([...args, '--db', db], { cwd: dir });
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectUsageError(out: CliResult, message: RegExp): void {
  expect(out.code, out.stderr).toBe(2);
  expect(out.stderr.trim().split('\n'), out.stderr).toHaveLength(1);
  expect(out.stderr).toMatch(message);
  expect(out.stderr).not.toMatch(/\n\s+at |ENOENT|EISDIR|Invalid time value/);
}

beforeAll(async () => {
  dir = tempDir('stance-hostile-input-');
  db = join(dir, 'stance.db');
  writeFileSync(
    join(dir, 'pod.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: c, image: nginx}]}\n',
  );
  const scan = await stance('scan', 'k8s', '--manifests', 'pod.yaml');
  expect(scan.code, scan.stderr).toBe(0);
});

describe('output files', () => {
  it('report --out in a directory that does not exist: exit 2, nothing written', async () => {
    const missing = join(dir, 'missing', 'dir', 'x.html');
    const out = await stance('report', '--framework', 'pss-baseline', '--format', 'html', '--out', missing);
    expectUsageError(out, new RegExp(`^stance: cannot write ${missing}: directory does not exist$`, 'm'));
    expect(out.stdout).toBe('');
  });

  it('report --out naming a directory, or under a file: exit 2', async () => {
    mkdirSync(join(dir, 'reports'), { recursive: true });
    const asDir = await stance('report', '--framework', 'pss-baseline', '--out', join(dir, 'reports'));
    expectUsageError(asDir, /cannot write .*reports: it is a directory/);
    const underFile = await stance(
      'report',
      '--framework',
      'pss-baseline',
      '--out',
      join(dir, 'pod.yaml', 'x'),
    );
    expectUsageError(underFile, /cannot write .*pod\.yaml\/x: .*pod\.yaml is not a directory/);
  });

  it('report --out writes the whole file and leaves no temporary file beside it', async () => {
    const target = join(dir, 'reports', 'baseline.html');
    writeFileSync(target, 'an older report');
    const out = await stance('report', '--framework', 'pss-baseline', '--format', 'html', '--out', target);
    expect(out.code, out.stderr).toBe(0);
    expect(readFileSync(target, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<\/html>\s*$/i);
    expect(readdirSync(join(dir, 'reports'))).toEqual(['baseline.html']);
  });

  it('collect --out in a directory that does not exist: exit 2 before collecting', async () => {
    const missing = join(dir, 'missing', 'snap.json');
    const out = await runStance(['collect', 'k8s', '--manifests', 'pod.yaml', '--out', missing], {
      cwd: dir,
    });
    expectUsageError(out, new RegExp(`^stance: cannot write ${missing}: directory does not exist$`, 'm'));
  });
});

describe('db prune --retention', () => {
  it('a window beyond any date is exit 2 naming the flag, and the database is untouched', async () => {
    const before = digest(db);
    for (const retention of ['99999999999y', '9999999999999d', '200y', '0d']) {
      const out = await stance('db', 'prune', '--retention', retention);
      expectUsageError(out, new RegExp(`^stance: --retention ${retention}: `));
    }
    expect(digest(db)).toBe(before);
    const ok = await stance('db', 'prune', '--retention', '15mo');
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('stance.yaml retention out of range is exit 2 naming file and field', async () => {
    const config = join(dir, 'stance.yaml');
    writeFileSync(config, 'retention: 99999999999y\n');
    const out = await stance('findings', '--config', config);
    expectUsageError(out, /stance\.yaml.*retention/);
  });
});
