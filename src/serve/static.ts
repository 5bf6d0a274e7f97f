/** The console's bundled assets (dist/console/), served read-only; paths that leave the folder are refused. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { sendError } from './http.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` a URL path names, or undefined when it would leave `root` or is malformed. */
export function assetPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const parts = decoded.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.' || p.startsWith('.'))) return undefined;
  const base = resolve(root);
  const file = resolve(join(base, ...parts));
  return file === base || file.startsWith(base + sep) ? file : undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves a GET for an asset. A path without a file extension is a page of the single-page
 * console: it gets index.html, so a shared URL (/findings?severity=high) opens that page.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  head: boolean,
): Promise<void> {
  let file = assetPath(root, urlPath);
  if (!file) return sendError(res, 404, 'not found');
  if (!(await isFile(file))) {
    if (extname(file) !== '') return sendError(res, 404, 'not found');
    file = join(resolve(root), 'index.html');
    if (!(await isFile(file)))
      return sendError(res, 404, `the console's assets are not built (${root}): run npm run build`);
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const { size } = await stat(file);
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': size,
    // index.html names the current asset files; those are cached only briefly (no content hashes assumed)
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'public, max-age=300',
  });
  if (head) return void res.end();
  await new Promise<void>((done, fail) => {
    createReadStream(file).on('error', fail).on('end', done).pipe(res);
  });
}
