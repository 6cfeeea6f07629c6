/**
 * The simulator's only way into the product: HTTP to the REST API. No database, no server code — so it behaves
 * like any other client and runs against any deployment.
 */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  /** seconds from a Retry-After header (429, 503) */
  retryAfterS: number | null;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH';

/** A file for a multipart upload (photos: `POST /api/v1/attachments`). */
export interface UploadFile {
  field: string;
  name: string;
  type: string;
  data: Buffer;
}

export interface ApiTransport {
  request<T = unknown>(method: HttpMethod, path: string, opts?: RequestOptions): Promise<ApiAnswer<T>>;
  /** multipart/form-data: the fields first, then the file */
  upload<T = unknown>(path: string, token: string, fields: Record<string, string>, file: UploadFile): Promise<ApiAnswer<T>>;
}

/** The API did not answer at all (refused, reset, timed out) or answered that it is down (502–504). */
export class ApiUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiUnreachable';
  }
}

/** `{ error: { code, message } }` of a refusal, shortened for a log line. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error?: { code?: unknown; message?: unknown } }).error;
    return `${String(e?.code ?? '')} ${String(e?.message ?? '')}`.trim().slice(0, 200);
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}

/** HTTP over the global fetch, with a timeout on every call so a hung API cannot stall the simulator. */
export class FetchTransport implements ApiTransport {
  constructor(
    private readonly base: string,
    private readonly timeoutMs = 10_000,
  ) {}

  request<T = unknown>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    return this.send<T>(method, path, headers, payload);
  }

  upload<T = unknown>(path: string, token: string, fields: Record<string, string>, file: UploadFile): Promise<ApiAnswer<T>> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
    // fetch sets the multipart content type with its boundary itself
    return this.send<T>('POST', path, { accept: 'application/json', authorization: `Bearer ${token}` }, form);
  }

  private async send<T>(method: HttpMethod, path: string, headers: Record<string, string>, payload: string | FormData | undefined): Promise<ApiAnswer<T>> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new ApiUnreachable(`${method} ${path}: ${cause ?? (err as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 502 && res.status <= 504) throw new ApiUnreachable(`${method} ${path}: HTTP ${res.status}`);
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text for the log line */
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return { status: res.status, body: body as T, retryAfterS: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null };
  }
}
