import type { AttachmentView, CaseSummary, CaseView, CreateReportRequest, GridCellView, TokenPair } from '@gridops/contracts';
import { DEMO_PASSWORD } from './browser';

/**
 * The REST API as an outside system (or a test's arrange step) uses it: bearer tokens from the login route, JSON in
 * and out, and an error that says what the server answered.
 */
export class ApiClient {
  private constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  static async login(baseUrl: string, username: string): Promise<ApiClient> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const pair = (await res.json()) as TokenPair;
    return new ApiClient(`${baseUrl}/api/v1`, pair.accessToken);
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** `POST /reports` with an idempotency key, as every channel sends them */
  report(body: CreateReportRequest): Promise<CaseSummary> {
    return this.request<CaseSummary>('POST', '/reports', body, { 'Idempotency-Key': `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  }

  /** `POST /attachments` (multipart): a photo of this user's, unattached until a report or action names it */
  async upload(jpeg: Buffer, kind: 'report' | 'before' | 'after' | 'other'): Promise<AttachmentView> {
    const form = new FormData();
    form.set('kind', kind);
    form.set('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), `${kind}.jpg`);
    const res = await fetch(`${this.base}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${this.token}` }, body: form });
    if (!res.ok) throw new Error(`POST /attachments: ${res.status} ${await res.text()}`);
    return (await res.json()) as AttachmentView;
  }

  caseView(id: string): Promise<CaseView> {
    return this.get<CaseView>(`/cases/${id}`);
  }
}

type Ring = [number, number][];

function outerRing(cell: GridCellView): Ring {
  const g = cell.geometry;
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0]) as Ring;
  // GeoJSON rings repeat the first point at the end
  return ring.slice(0, -1);
}

const average = (ring: Ring): [number, number] => [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];

/** The middle of a grid cell (its vertex average: inside for the convex cells of the town's schematic geography). */
export function cellMiddle(cell: GridCellView): { lat: number; lng: number } {
  const [lng, lat] = average(outerRing(cell));
  return { lat, lng };
}

/**
 * A point inside `cell` well away from `avoid` (where the board writes the 片区's name over the map at town level):
 * a third of the way from the middle of the cell towards its corner farthest from `avoid`.
 */
export function cellPointAwayFrom(cell: GridCellView, avoid: { lat: number; lng: number }): { lat: number; lng: number } {
  const ring = outerRing(cell);
  const [mx, my] = average(ring);
  const far = ring.reduce((best, p) => (Math.hypot(p[0] - avoid.lng, p[1] - avoid.lat) > Math.hypot(best[0] - avoid.lng, best[1] - avoid.lat) ? p : best));
  return { lng: mx + (far[0] - mx) / 3, lat: my + (far[1] - my) / 3 };
}

