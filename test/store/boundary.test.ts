import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The store boundary (DESIGN.md, "Library, backends and scale-out"): no SQL outside src/store, and
// no SQLite client outside the SQLite backend, so a second backend implements the same interface
// and nothing else has to change.

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({
  path: relative(ROOT, path).split(sep).join('/'),
  text: readFileSync(path, 'utf8'),
}));

/** Statements and calls that only database code has. Upper-case keywords: SQL as Stance writes it. */
const SQL = [
  /\.prepare\(/,
  /\.exec\(\s*['"`]/,
  /\.pragma\(/,
  /\bSELECT\s+(?:[\w*]|DISTINCT\b)/,
  /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b/,
  /\bUPDATE\s+[\w.]+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\bCREATE\s+(?:TEMP\s+|UNIQUE\s+)?(?:TABLE|INDEX)\b/,
  /\bBEGIN\s+(?:IMMEDIATE|DEFERRED|EXCLUSIVE)\b/,
];

const SQLITE_IMPORT =
  /\bfrom\s+['"]better-sqlite3['"]|\brequire\(\s*['"]better-sqlite3['"]\s*\)|import\(\s*['"]better-sqlite3['"]\s*\)/;

const PG_IMPORT = /\bfrom\s+['"]pg['"]|\brequire\(\s*['"]pg['"]\s*\)|import\(\s*['"]pg['"]\s*\)/;

/** Every line of the files matching one of the patterns, as `path:line: text`. */
function offending(selected: typeof files, patterns: RegExp[]): string[] {
  return selected.flatMap(({ path, text }) =>
    text
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => patterns.some((p) => p.test(line)))
      .map(({ line, i }) => `${path}:${i + 1}: ${line.trim()}`),
  );
}

describe('store boundary', () => {
  it('has no SQL outside src/store', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(
      offending(
        files.filter((f) => !f.path.startsWith('src/store/')),
        SQL,
      ),
    ).toEqual([]);
  });

  it('imports better-sqlite3 only in the SQLite backend (src/store/sqlite)', () => {
    expect(
      offending(
        files.filter((f) => !f.path.startsWith('src/store/sqlite/')),
        [SQLITE_IMPORT],
      ),
    ).toEqual([]);
  });

  it('imports pg only in the PostgreSQL backend (src/store/postgres)', () => {
    expect(
      offending(
        files.filter((f) => !f.path.startsWith('src/store/postgres/')),
        [PG_IMPORT],
      ),
    ).toEqual([]);
  });

  it('the checks find what they look for', () => {
    const planted = [
      { path: 'src/x.ts', text: "db.prepare('SELECT id FROM scans').get();" },
      { path: 'src/y.ts', text: 'const sql = `INSERT INTO outbox (id) VALUES (?)`;' },
      { path: 'src/z.ts', text: "import type Database from 'better-sqlite3';" },
      { path: 'src/v.ts', text: "import pg from 'pg';" },
      { path: 'src/w.ts', text: 'const m = /^(\\d+)$/.exec(text); // a regular expression, not SQL' },
    ];
    expect(offending(planted, SQL).map((l) => l.split(':')[0])).toEqual(['src/x.ts', 'src/y.ts']);
    expect(offending(planted, [SQLITE_IMPORT]).map((l) => l.split(':')[0])).toEqual(['src/z.ts']);
    expect(offending(planted, [PG_IMPORT]).map((l) => l.split(':')[0])).toEqual(['src/v.ts']);
    // and the store itself is where the SQL is
    expect(
      offending(
        files.filter((f) => f.path.startsWith('src/store/sqlite/')),
        SQL,
      ).length,
    ).toBeGreaterThan(50);
  });
});
