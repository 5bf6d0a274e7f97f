import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { tempDir } from '../../helpers/cli.js';
import { evaluation as ev, okRun, resource, RULES } from '../helpers.js';

describe('sqlite store: database files', () => {
  it('refuses a foreign SQLite database without modifying it', async () => {
    const path = join(tempDir(), 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE notes(x)');
    db.close();
    const bytes = readFileSync(path);
    await expect(openStore(path)).rejects.toThrow(expect.objectContaining({ code: 'foreign' }));
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a corrupt file', async () => {
    const path = join(tempDir(), 'junk.db');
    writeFileSync(path, Buffer.alloc(8192, 7));
    await expect(openStore(path)).rejects.toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('refuses a database from a newer Stance', async () => {
    const path = join(tempDir(), 'new.db');
    await (await openStore(path)).close();
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    await expect(openStore(path)).rejects.toThrow(expect.objectContaining({ code: 'newer' }));
  });

  it('a read-only open of a missing file says how to create one', async () => {
    await expect(openStore(join(tempDir(), 'none.db'), { readonly: true })).rejects.toThrow(
      expect.objectContaining({ code: 'missing' }),
    );
  });

  it('reopens its own database and keeps the data; a read-only store refuses writes', async () => {
    const path = join(tempDir(), 'mine.db');
    const store = await openStore(path);
    await store.rules.sync(RULES);
    await okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    await store.close();
    const again = await openStore(path, { readonly: true });
    expect(await again.findings.current()).toHaveLength(1);
    await expect(again.mutes.remove(1)).rejects.toThrow(expect.objectContaining({ code: 'readonly' }));
    await again.close();
    await expect(again.findings.current()).rejects.toThrow(/is closed/);
  });

  it('marks scans left running by a dead process as interrupted when the database is opened', async () => {
    const path = join(tempDir(), 'cut.db');
    const store = await openStore(path);
    await store.scans.begin({ startedAt: new Date(0), bundleVersion: 'b1', command: 'test' });
    await store.close();
    const db = new Database(path);
    db.prepare("UPDATE scans SET pid = ? WHERE status = 'running'").run(2 ** 22 + 7); // beyond pid_max
    db.close();
    const reopened = await openStore(path);
    expect((await reopened.scans.last())?.status).toBe('interrupted');
    await reopened.close();
  });
});
