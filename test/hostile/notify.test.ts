import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixture, runStance, startStance, tempDir, type CliResult } from '../helpers/cli.js';

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

/** Runs the CLI and samples its peak resident set (VmHWM) until it exits. */
async function runMeasured(args: string[]): Promise<CliResult & { peakRssMb: number }> {
  const { child, done } = startStance(args);
  let peakKb = 0;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(sample, 25);
  const result = await done;
  clearInterval(timer);
  return { ...result, peakRssMb: peakKb / 1024 };
}

function outboxRows(db: string) {
  const store = new Database(db, { readonly: true });
  try {
    return store
      .prepare(
        'SELECT channel, attempts, delivered_at AS deliveredAt, last_error AS lastError FROM outbox ORDER BY id',
      )
      .all() as { channel: string; attempts: number; deliveredAt: number | null; lastError: string | null }[];
  } finally {
    store.close();
  }
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

  it('a receiver that streams an endless 200 body: the sender reads a bounded amount, stays small, and counts it delivered', async () => {
    const OFFERED = 512 * 1024 * 1024; // "endless" for a 10 s timeout, but finite so a regression cannot exhaust the machine
    let mode: 'unavailable' | 'stream' = 'unavailable';
    let sent = 0;
    const rx = await receiver((_req, res) => {
      if (mode === 'unavailable') return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let closed = false;
      res.on('close', () => (closed = true));
      const pump = () => {
        while (!closed && sent < OFFERED) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      `notify:\n  - type: webhook\n    url: http://127.0.0.1:${rx.port}/hook\n    allowPrivateTargets: true\n`,
    );
    try {
      const scan = await runStance(scanArgs(db, config));
      expect(scan.code, scan.stderr).toBe(0);
      expect(scan.stderr).toMatch(/failed \(attempt 1\/8\): HTTP 503/);
      mode = 'stream';
      const started = Date.now();
      const flush = await runMeasured(['notify', 'flush', '--config', config, '--retry-now', '--db', db]);
      expect(flush.code, flush.stderr).toBe(0);
      expect(flush.stdout).toContain('delivered 1');
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(flush.peakRssMb).toBeLessThan(300); // about 100 MB in practice; a buffered body would be > 512 MB
      expect(sent).toBeLessThan(64 * 1024 * 1024); // the sender hung up instead of draining the body
      expect(outboxRows(db)).toMatchObject([{ attempts: 2, lastError: null }]);
    } finally {
      await rx.close();
    }
  });

  it('a redirect is never a delivery and is never followed: nothing is re-posted to the other host', async () => {
    const other = await receiver(undefined, '127.0.0.2');
    const rx = await receiver((req, res) =>
      res
        .writeHead(req.url === '/slack' ? 302 : 307, { location: `http://127.0.0.2:${other.port}/steal?t=1` })
        .end(),
    );
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'notify:',
        '  - type: webhook',
        `    url: http://127.0.0.1:${rx.port}/hook`,
        '    secret: hmac-secret-0123',
        '    allowPrivateTargets: true',
        '  - type: slack',
        `    url: http://127.0.0.1:${rx.port}/slack`,
        '    allowPrivateTargets: true',
      ].join('\n'),
    );
    try {
      const scan = await runStance(scanArgs(db, config));
      expect(scan.code, scan.stderr).toBe(0);
      expect(rx.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['POST /hook', 'POST /slack']);
      expect(other.requests).toHaveLength(0);
      expect(scan.stderr).toMatch(
        /to webhook http:\/\/127\.0\.0\.1:\d+ failed \(attempt 1\/8\): redirects are not followed: HTTP 307 to http:\/\/127\.0\.0\.2:\d+$/m,
      );
      expect(scan.stderr).toMatch(
        /to slack .* failed \(attempt 1\/8\): redirects are not followed: HTTP 302 to/,
      );
      expect(scan.stderr).not.toContain('steal');
      const rows = outboxRows(db);
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.deliveredAt).toBeNull();
        expect(row.attempts).toBe(1);
        expect(row.lastError).toMatch(
          /^redirects are not followed: HTTP 30[27] to http:\/\/127\.0\.0\.2:\d+$/,
        );
      }
    } finally {
      await rx.close();
      await other.close();
    }
  });

  it('the cloud metadata address is refused even with allowPrivateTargets, before any connection', async () => {
    const dir = tempDir();
    const config = join(dir, 'stance.yaml');
    for (const host of ['169.254.169.254', '[::ffff:169.254.169.254]', '[fd00:ec2::254]', '169.254.10.1']) {
      writeFileSync(
        config,
        `notify:\n  - type: webhook\n    url: http://${host}/latest/meta-data\n    allowPrivateTargets: true\n`,
      );
      const started = Date.now();
      const result = await runStance(scanArgs(join(dir, 'stance.db'), config));
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim()).toMatch(
        /^stance: config .*stance\.yaml:3: notify\[0\]\.url: .* is a link-local or cloud metadata address; alerts are never sent there$/,
      );
      expect(Date.now() - started).toBeLessThan(20_000);
    }
  });

  it('a host name that resolves to loopback is refused at connect time unless the channel allows private targets', async () => {
    const rx = await receiver();
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const config = join(dir, 'stance.yaml');
    const write = (extra: string) =>
      writeFileSync(
        config,
        `notify:\n  - type: webhook\n    url: http://localhost:${rx.port}/hook\n${extra}`,
      );
    try {
      write('');
      const refused = await runStance(scanArgs(db, config));
      expect(refused.code, refused.stderr).toBe(0); // alerts never fail a scan
      expect(refused.stderr).toMatch(
        /failed \(attempt 1\/8\): localhost resolves to (127\.0\.0\.1|::1), a loopback or private address; set allowPrivateTargets: true on the channel to allow it/,
      );
      expect(rx.requests).toHaveLength(0);
      // a literal private address is refused when the config is read
      writeFileSync(config, `notify:\n  - type: webhook\n    url: http://10.1.2.3/hook\n`);
      const literal = await runStance(scanArgs(db, config));
      expect(literal.code).toBe(2);
      expect(literal.stderr).toMatch(
        /notify\[0\]\.url: 10\.1\.2\.3 is a loopback or private address; set allowPrivateTargets: true on the channel to allow it/,
      );
      write('    allowPrivateTargets: true\n');
      const allowed = await runStance(scanArgs(join(dir, 'allowed.db'), config));
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stderr).toBe('');
      expect(rx.requests).toHaveLength(1);
    } finally {
      await rx.close();
    }
  });

  it('no URL token, query key, secret or header value reaches stderr, the daemon log or any byte of the database', async () => {
    const SECRETS = [
      'PATH-TOKEN-A',
      'QUERY-KEY-A',
      'HMAC-SECRET-A',
      'HEADER-TOKEN-A',
      'SLACK-TOKEN-B',
      'LOCATION-TOKEN-C',
      'LOCATION-KEY-C',
      'PATH-TOKEN-D',
    ];
    const rx = await receiver((req, res) => {
      if (req.url?.startsWith('/services/'))
        res.writeHead(302, { location: 'http://127.0.0.2:9/LOCATION-TOKEN-C?k=LOCATION-KEY-C' }).end();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end(`bad request to ${req.url}`);
    });
    const closed = await receiver();
    const downPort = closed.port;
    await closed.close();
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: demo',
        `    snapshot: ${fixture('snapshots', 'minimal.json')}`,
        '    schedule: "* * * * * *"',
        'daemon:',
        '  jitterSeconds: 0',
        'notify:',
        '  - type: webhook',
        '    name: primary',
        `    url: http://127.0.0.1:${rx.port}/hook/\${PATH_TOKEN}?key=QUERY-KEY-A`,
        '    secret: ${HMAC_SECRET}',
        '    headers: {Authorization: "Bearer HEADER-TOKEN-A"}',
        '    allowPrivateTargets: true',
        '  - type: slack',
        `    url: http://127.0.0.1:${rx.port}/services/T0/B0/SLACK-TOKEN-B`,
        '    allowPrivateTargets: true',
        '  - type: webhook',
        '    name: down',
        `    url: http://127.0.0.1:${downPort}/PATH-TOKEN-D`,
        '    allowPrivateTargets: true',
      ].join('\n'),
    );
    const env = { PATH_TOKEN: 'PATH-TOKEN-A', HMAC_SECRET: 'HMAC-SECRET-A' };
    const daemon = startStance(['daemon', '--config', config, '--db', db], { env });
    let log = '';
    daemon.child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const deadline = Date.now() + 30_000;
      while ((log.match(/failed \(attempt 1\/8\)/g) ?? []).length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
    } finally {
      daemon.child.kill('SIGTERM');
    }
    const stopped = await daemon.done;
    const flush = await runStance(['notify', 'flush', '--config', config, '--retry-now', '--db', db], {
      env,
    });
    await rx.close();
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toMatch(/HTTP 500/);
    expect(stopped.stderr).toMatch(/redirects are not followed: HTTP 302 to http:\/\/127\.0\.0\.2:9"/);
    expect(stopped.stderr).toMatch(/ECONNREFUSED/);
    const errors = outboxRows(db).map((r) => r.lastError);
    expect(errors.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    const everything = [stopped.stderr, flush.stdout, flush.stderr, databaseBytes(db)].join('\n');
    for (const secret of SECRETS) expect(everything, secret).not.toContain(secret);
  });
});
