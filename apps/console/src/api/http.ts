import type { ErrorBody, TokenPair } from '@gridops/contracts';
import { readSession, writeSession } from '../auth/token-store';

/** An answer that was not 2xx, with the API's error shape when it sent one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** FormData bodies are sent as multipart */
  form?: FormData;
  query?: Record<string, string | number | boolean | readonly string[] | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** for login and refresh themselves */
  anonymous?: boolean;
}

export const API_BASE = '/api/v1';

let refreshing: Promise<string | null> | null = null;

/**
 * One refresh at a time: parallel 401s wait for the same new token. A refresh token works once (the server rotates
 * it); another tab sharing the session may have spent it a moment before — the server then answers that tab's new
 * token again (docs/security.md) — and if it refuses, a session another tab stored meanwhile is used rather than
 * signing out.
 */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= (async () => {
    const s = readSession();
    if (!s) return null;
    const res = await fetch(`${API_BASE}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: s.refreshToken }),
    }).catch(() => null);
    if (!res) return s.accessToken; // offline: keep the session, the request fails as a network error
    if (!res.ok) {
      const now = readSession();
      if (now && now.refreshToken !== s.refreshToken) return now.accessToken;
      writeSession(null);
      return null;
    }
    return writeSession((await res.json()) as TokenPair)?.accessToken ?? null;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A valid access token, refreshed a minute before it expires. */
export async function accessToken(): Promise<string | null> {
  const s = readSession();
  if (!s) return null;
  if (s.expiresAt - Date.now() < 60_000) return refreshAccessToken();
  return s.accessToken;
}

export function buildQuery(query: RequestOptions['query']): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
    } else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * A request to the API with the bearer token and one retry after a refresh; the raw response (a download reads its
 * body as a stream). Network failures are an HttpError with status 0.
 */
export async function authorizedFetch(path: string, opts: RequestOptions = {}): Promise<Response> {
  const send = async (token: string | null) => {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (token && !opts.anonymous) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (opts.form) body = opts.form;
    else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    return fetch(`${API_BASE}${path}${buildQuery(opts.query)}`, { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
  };
  try {
    let res = await send(opts.anonymous ? null : await accessToken());
    if (res.status === 401 && !opts.anonymous && readSession()) {
      const token = await refreshAccessToken();
      if (token) res = await send(token);
    }
    return res;
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new HttpError(0, 'NETWORK', '网络连接失败 / network unavailable');
  }
}

/** The API's error answer as an HttpError. */
export async function httpErrorOf(res: Response): Promise<HttpError> {
  const text = await res.text().catch(() => '');
  const err = (text ? (safeJson(text) as ErrorBody | undefined) : undefined)?.error;
  return new HttpError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? res.statusText, err?.details);
}

/** The one way the console talks to the API: JSON in and out, bearer token, one retry after a refresh. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await authorizedFetch(path, opts);
  if (res.status === 204) return undefined as T;
  if (!res.ok) throw await httpErrorOf(res);
  const text = await res.text();
  return (text ? safeJson(text) : undefined) as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
