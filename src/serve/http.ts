/** The small HTTP vocabulary of the console server: errors as `{error}`, JSON bodies, query parameters. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error the API answers with its status and a one-line `{error}`. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 500,
    message: string,
  ) {
    super(message);
  }
}

/** Headers every API answer carries besides the security headers. */
const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

/** The largest request body accepted (mutes and triage notes are short). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON object body; a 415 unless it is declared JSON, a 413 when too large, a 400 when malformed. */
export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'the request body must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  // an oversized body is read to its end and dropped (bounded memory), so the client gets the 413
  // instead of a reset connection
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES)
    throw new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HttpError(400, 'the request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** Query parameters, each read once and checked. */
export class Query {
  constructor(private readonly params: URLSearchParams) {}

  /** A parameter's value; undefined when absent or empty. */
  string(name: string, maxLength = 500): string | undefined {
    const value = this.params.get(name);
    if (value === null || value === '') return undefined;
    if (value.length > maxLength) throw new HttpError(400, `${name}: longer than ${maxLength} characters`);
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value))
      throw new HttpError(400, `${name}=${value.slice(0, 80)}: expected one of ${allowed.join(', ')}`);
    return value as T;
  }

  integer(name: string, p: { min: number; max: number; fallback: number }): number {
    const value = this.string(name, 20);
    if (value === undefined) return p.fallback;
    if (!/^\d+$/.test(value) || Number(value) < p.min || Number(value) > p.max)
      throw new HttpError(400, `${name}=${value}: expected a whole number from ${p.min} to ${p.max}`);
    return Number(value);
  }

  /** A date (YYYY-MM-DD: the end of that day, UTC) or an ISO date-time. */
  date(name: string): Date | undefined {
    const value = this.string(name, 40);
    if (value === undefined) return undefined;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T23:59:59.999Z`)
      : /^\d{4}-\d{2}-\d{2}T/.test(value)
        ? new Date(value)
        : undefined;
    if (!date || Number.isNaN(date.getTime()))
      throw new HttpError(400, `${name}=${value}: expected a date (2026-03-31) or an ISO date-time`);
    return date;
  }
}
