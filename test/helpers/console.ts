import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runStance, startStance } from './cli.js';

/** A resource name a page must show as text, never as markup. */
export const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

/**
 * A database with the demo estate plus a bucket with a hostile name, scanned through the CLI, and
 * detection signals from the sample CloudTrail files.
 */
export async function consoleDatabase(db: string, dir: string): Promise<{ hostileId: string }> {
  const env = JSON.parse(readFileSync(join(repoRoot, 'demo', 'environment.json'), 'utf8')) as {
    resources: { id: string; type: string; name: string; config: Record<string, unknown> }[];
  };
  const bucket = env.resources.find((r) => r.type === 'aws.s3.bucket')!;
  const hostileId = `arn:aws:s3:::${HOSTILE_NAME}`;
  env.resources.push({
    ...bucket,
    id: hostileId,
    name: HOSTILE_NAME,
    config: { ...bucket.config, Name: HOSTILE_NAME },
  });
  const snapshot = join(dir, 'snapshot.json');
  writeFileSync(snapshot, JSON.stringify(env));
  const scan = await runStance(['scan', '--snapshot', snapshot, '--db', db, '--format', 'json']);
  if (scan.code !== 0 && scan.code !== 1) throw new Error(`scan: ${scan.stderr}`);
  const detect = await runStance([
    'detect',
    'cloudtrail',
    '--files',
    join(repoRoot, 'samples', 'cloudtrail'),
    '--db',
    db,
  ]);
  if (detect.code !== 0) throw new Error(`detect: ${detect.stderr}`);
  return { hostileId };
}

export interface RunningConsole {
  url: string;
  port: number;
  stderr(): string;
  stop(): Promise<void>;
}

/** `stance serve --port 0 ...` as a child process, once it says where it listens. */
export async function startConsole(db: string, args: string[] = []): Promise<RunningConsole> {
  const { child, done } = startStance(['serve', '--port', '0', '--db', db, ...args]);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stance serve did not start: ${stderr}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const match = /stance console: (\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void done.then((r) => reject(new Error(`stance serve ended (${r.code}): ${stderr}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      await done;
    },
  };
}

/** The API's JSON, of many shapes: tests assert on its fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A GET or write to the console, JSON in and out. */
export async function call(
  base: string,
  path: string,
  opts: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json; headers: Headers; text: string }> {
  const res = await fetch(new URL(path, base), {
    method: opts.method ?? 'GET',
    headers: {
      ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, headers: res.headers, text };
}

/** A request through node:http, which can send any Host and Origin header (fetch cannot). */
export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return import('node:http').then(
    ({ request }) =>
      new Promise((resolve, reject) => {
        const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        });
        req.on('error', reject);
        req.end(opts.body);
      }),
  );
}
