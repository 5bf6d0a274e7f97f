import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import * as scopeRun from '../../../src/store/sqlite/scope-run.js';
import { tempDir } from '../../helpers/cli.js';

describe('sqlite store: a scope delta looks its resources up by identity', () => {
  it('reads each changed resource through resources_identity, not the whole scope', async () => {
    const path = join(tempDir(), 'plan.db');
    await (await openStore(path)).close();
    const db = new Database(path, { readonly: true });
    try {
      const sql = (scopeRun as Record<string, unknown>).DELTA_RESOURCE_LOOKUP;
      expect(typeof sql).toBe('string');
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql as string}`).all('id', 1) as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX resources_identity \(resource_id=/);
    } finally {
      db.close();
    }
  });
});
