import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture, runStance, tempDir } from '../helpers/cli.js';

interface Receiver {
  server: Server;
  port: number;
  requests: { method: string; path: string; body: string }[];
  close(): Promise<void>;
}

/** A loopback HTTP server that records each request and lets `answer` decide the response. */
function receiver(
  answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(200).end('ok'),
  host = '127.0.0.1',
): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', body });
      answer(req, res);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, host, () =>
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        requests,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

/** Every byte of a SQLite database (main file and WAL, after a checkpoint), to grep for secrets. */
function databaseBytes(file: string): string {
  if (!existsSync(file)) return '';
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

const scanArgs = (db: string, config: string) => [
  'scan',
  '--snapshot',
  fixture('snapshots', 'minimal.json'),
  '--db',
  db,
  '--config',
  config,
  '--notify',
];

describe('hostile notification settings and receivers', () => {
  it('a webhook URL with user:password is refused at config validation, and the password is never printed or stored', async () => {
    const rx = await receiver();
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      `notify:\n  - type: webhook\n    url: http://alice:pa55word-XYZ@127.0.0.1:${rx.port}/hook/PATH-TOKEN-1?key=QUERY-KEY-1\n    allowPrivateTargets: true\n`,
    );
    try {
      const result = await runStance(scanArgs(db, config));
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(
        /stance\.yaml:3: notify\[0\]\.url: credentials in the URL are not allowed; put them in headers: or use secret:/,
      );
      for (const secret of ['pa55word-XYZ', 'PATH-TOKEN-1', 'QUERY-KEY-1']) {
        expect(result.stderr).not.toContain(secret);
        expect(databaseBytes(db)).not.toContain(secret);
      }
      expect(rx.requests).toHaveLength(0);
    } finally {
      await rx.close();
    }
  });
});
