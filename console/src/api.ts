/** The JSON API under /api/ (same origin, cookies only; writes carry the CSRF token from /api/session). */
export interface Session {
  user: string | null;
  role: 'viewer' | 'editor';
  /** How the caller is known: local (loopback, no login), token, session (login form) or proxy. */
  via?: string;
  csrfToken: string;
  backend: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let session: Session | null = null;

export type Params = Record<string, string | number | undefined | null>;

export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(
      response.status,
      `the server answered ${response.status} with something that is not JSON`,
    );
  }
  if (!response.ok) {
    const message =
      body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string'
        ? (body as { error: string }).error
        : `request failed (${response.status})`;
    throw new ApiError(response.status, message);
  }
  return body as T;
}

export async function get<T>(path: string, params?: Params): Promise<T> {
  const response = await fetch(apiUrl(path, params), {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  return parse<T>(response);
}

export async function send<T>(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'X-CSRF-Token': session?.csrfToken ?? '',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return parse<T>(response);
}

export async function loadSession(): Promise<Session> {
  session = await get<Session>('/api/session');
  return session;
}

export function currentSession(): Session | null {
  return session;
}

export function canWrite(): boolean {
  return session?.role === 'editor';
}
