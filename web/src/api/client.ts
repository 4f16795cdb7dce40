/**
 * The ledger's HTTP API from the browser: the bearer token on every request, problem documents
 * (RFC 9457) as `ApiProblem`, and conditional reads: each GET sends the ETag it last saw, and a
 * `304 Not Modified` answers the body it had (cheap for a screen that polls an unchanged ledger).
 */

export interface FieldError {
  field: string;
  message: string;
}

/** A refusal, as the API words it: `code` is stable, `errors` names the fields at fault, the rest are the rule's facts. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' ? body.detail : `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : `http-${status}`;
    this.detail = detail;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    this.body = body;
  }
}

/** The route is not there (an older server, or an endpoint still to come): the screen degrades instead of failing. */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 404 && error.code === 'route-not-found';
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let bearer: string | null = null;
const unauthorisedListeners = new Set<() => void>();

export function setToken(token: string | null): void {
  bearer = token;
}

export function currentToken(): string | null {
  return bearer;
}

/** Called when the API answers 401 to a request made with the current token (the session ended). */
export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

const seen = new Map<string, { etag: string; body: unknown }>();
const MAX_SEEN = 200;

async function parse(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { detail: text };
  }
}

async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token = bearer): Promise<T> {
  const cacheKey = `${token ?? ''} ${path}`;
  const previous = method === 'GET' ? seen.get(cacheKey) : undefined;
  const res = await fetch(path, {
    method,
    cache: 'no-store',
    headers: {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      ...(previous ? { 'if-none-match': previous.etag } : {}),
      ...headers,
    },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  if (res.status === 304 && previous) return previous.body as T;
  const parsed = await parse(res);
  if (!res.ok) {
    if (res.status === 401 && token !== null && token === bearer) unauthorisedListeners.forEach((listener) => listener());
    throw new ApiProblem(res.status, parsed);
  }
  const etag = res.headers.get('etag');
  if (method === 'GET' && etag) {
    if (seen.size >= MAX_SEEN) seen.delete(seen.keys().next().value!);
    seen.set(cacheKey, { etag, body: parsed });
  }
  return parsed as T;
}

export function apiGet<T>(path: string, query?: Query, token?: string | null): Promise<T> {
  return request<T>('GET', withQuery(path, query), undefined, {}, token === undefined ? bearer : token);
}

export function apiPost<T>(path: string, body: unknown, options: { idempotencyKey?: string; token?: string | null } = {}): Promise<T> {
  const headers: Record<string, string> = options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {};
  return request<T>('POST', path, body, headers, options.token === undefined ? bearer : options.token);
}

/** SWR's fetcher: the key is a path with its query already in it. */
export const fetcher = <T>(path: string): Promise<T> => apiGet<T>(path);
