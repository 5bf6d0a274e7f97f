import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { startStance, runStance, tempDir } from '../helpers/cli.js';
import { prng, writeSnapshotFile } from '../helpers/inventory.js';

async function assertConsistent(db: string): Promise<void> {
  const raw = new Database(db, { readonly: true });
  try {
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    raw.close();
  }
  const store = await openStore(db);
  try {
    expect(await store.checkInvariants()).toEqual([]);
  } finally {
    await store.close();
  }
}

describe('crash safety', () => {
  it('a stance process killed with SIGKILL at random points leaves a consistent database', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const snapshots = [0, 1, 2].map((variant) =>
      writeSnapshotFile(join(dir, `inv-${variant}.json`), { resources: 6000, seed: 11, variant }),
    );
    const random = prng(20261123);
    // How long an uninterrupted scan takes here, so the kills land anywhere inside one.
    const started = Date.now();
    expect(
      (
        await runStance([
          'scan',
          '--snapshot',
          snapshots[2]!,
          '--db',
          join(dir, 'timing.db'),
          '--threads',
          '1',
        ])
      ).code,
    ).toBe(0);
    const duration = Date.now() - started;
    let killed = 0;
    for (let run = 0; run < 16; run++) {
      const { child, done } = startStance([
        'scan',
        '--snapshot',
        snapshots[run % 3]!,
        '--db',
        db,
        '--threads',
        '1',
      ]);
      const delay = 20 + Math.floor(random() * duration);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const result = await done;
      clearTimeout(timer);
      if (result.signal === 'SIGKILL') killed++;
      else expect(result.code, result.stderr).toBe(0);
      await assertConsistent(db);
    }
    // the kills must have landed at least sometimes, or this test proves nothing
    expect(killed).toBeGreaterThanOrEqual(4);
    const final = await runStance(['scan', '--snapshot', snapshots[0]!, '--db', db]);
    expect(final.code, final.stderr).toBe(0);
    await assertConsistent(db);
    // 18 scans of a real process: the time grows with the rule count, so it gets its own budget.
  }, 240_000);
});

describe('two processes on one database', () => {
  it('the second waits for the first; both finish and nothing is corrupted', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const a = writeSnapshotFile(join(dir, 'a.json'), { resources: 3000, seed: 5, variant: 0 });
    const b = writeSnapshotFile(join(dir, 'b.json'), { resources: 3000, seed: 5, variant: 1 });
    const results = await Promise.all([
      runStance(['scan', '--snapshot', a, '--db', db]),
      runStance(['scan', '--snapshot', b, '--db', db]),
    ]);
    for (const result of results) {
      if (result.code === 4) expect(result.stderr.trim().split('\n')).toHaveLength(1);
      else expect(result.code, result.stderr).toBe(0);
    }
    expect(results.some((r) => r.code === 0)).toBe(true);
    await assertConsistent(db);
  });

  it('gives up with exit 4 and one line when the database stays locked past the wait', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const snap = writeSnapshotFile(join(dir, 'a.json'), { resources: 200, seed: 3 });
    expect((await runStance(['scan', '--snapshot', snap, '--db', db])).code).toBe(0);
    const holder = new Database(db);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const result = await runStance(['scan', '--snapshot', snap, '--db', db], {
        env: { STANCE_DB_BUSY_TIMEOUT_MS: '300' },
      });
      expect(result.code).toBe(4);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/locked/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect((await runStance(['scan', '--snapshot', snap, '--db', db])).code).toBe(0);
    await assertConsistent(db);
  });
});
