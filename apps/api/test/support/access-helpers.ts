import type { CaseDetail, CaseSummary, CaseView, CreateReportRequest, Page, TokenPair, UserView } from '@gridops/contracts';
import type { Answer, TestApp } from './test-app';
import { reportBody } from './fixtures';

/** The fifteen demo logins (seed-data/demo-users.ts), with what scopes them. Written out, not imported: this is the spec. */
export const DEMO_USERS = [
  { username: 'admin', role: 'admin', district: null, unit: null },
  { username: 'lead', role: 'shift_lead', district: null, unit: null },
  { username: 'operator', role: 'operator', district: null, unit: null },
  { username: 'supervisor', role: 'supervisor', district: null, unit: null },
  { username: 'worker.xincheng', role: 'grid_worker', district: 'xincheng', unit: null },
  { username: 'worker2.xincheng', role: 'grid_worker', district: 'xincheng', unit: null },
  { username: 'worker.jinsha', role: 'grid_worker', district: 'jinsha', unit: null },
  { username: 'worker2.jinsha', role: 'grid_worker', district: 'jinsha', unit: null },
  { username: 'worker.nujiang', role: 'grid_worker', district: 'nujiang', unit: null },
  { username: 'worker2.nujiang', role: 'grid_worker', district: 'nujiang', unit: null },
  { username: 'worker.meichuan', role: 'grid_worker', district: 'meichuan', unit: null },
  { username: 'worker2.meichuan', role: 'grid_worker', district: 'meichuan', unit: null },
  { username: 'unit.chengguan', role: 'unit_staff', district: null, unit: 'chengguan' },
  { username: 'unit.shirong', role: 'unit_staff', district: null, unit: 'shirong' },
  { username: 'unit.shuiwu', role: 'unit_staff', district: null, unit: 'shuiwu' },
] as const;

export type DemoUser = (typeof DEMO_USERS)[number];
export type Username = DemoUser['username'];
export type DemoRole = DemoUser['role'];

export interface Session {
  token: string;
  id: string;
}

/**
 * POST /auth/login from a given client address. Failed sign-ins are limited to 10 a minute per address
 * (failed-logins.ts), so tests of that limit each use an address of their own.
 */
export async function loginFrom(
  t: TestApp,
  remoteAddress: string,
  username: string,
  password = 'gridops-demo',
  headers: Record<string, string> = {},
): Promise<Answer<TokenPair>> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ username, password }),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as TokenPair, headers: res.headers };
}

/** Log every demo user in once, over HTTP, each from its own address; with its user id. */
export async function loginEveryone(t: TestApp): Promise<Record<Username, Session>> {
  const tokens = await Promise.all(
    DEMO_USERS.map(async (u, i) => {
      const res = await loginFrom(t, `10.77.0.${i + 1}`, u.username);
      if (res.status !== 200) throw new Error(`login ${u.username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken;
    }),
  );
  const users = await t.request<UserView[]>('GET', '/api/v1/users', { token: tokens[0] });
  if (users.status !== 200) throw new Error(`GET /users failed: ${users.status}`);
  const out = {} as Record<Username, Session>;
  DEMO_USERS.forEach((u, i) => {
    const id = users.body.find((x) => x.username === u.username)?.id;
    if (!id) throw new Error(`no user ${u.username}`);
    out[u.username] = { token: tokens[i], id };
  });
  return out;
}

/** A report that must be accepted; returns the new case. */
export async function report(t: TestApp, token: string, overrides: Partial<CreateReportRequest> = {}): Promise<CaseDetail> {
  const res = await t.request<CaseDetail>('POST', '/api/v1/reports', { token, body: reportBody(overrides) });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** POST an action with an explicit version (so callers who cannot see the case still send a current one). */
export function postAction(t: TestApp, token: string, caseId: string, action: string, version: number, input: Record<string, unknown> = {}): Promise<Answer<CaseView>> {
  return t.request<CaseView>('POST', `/api/v1/cases/${caseId}/actions/${action}`, { token, body: { version, ...input } });
}

/** "200", or the status and the error code of the one error shape, e.g. "403 FORBIDDEN". */
export function outcome(res: Answer<unknown>): string {
  if (res.status >= 200 && res.status < 300) return String(res.status);
  const code = (res.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return `${res.status} ${typeof code === 'string' ? code : '(no error code)'}`;
}

/** Every case the caller's list shows, following nextCursor to the end. */
export async function listAll(t: TestApp, token: string, query = ''): Promise<CaseSummary[]> {
  const items: CaseSummary[] = [];
  let cursor: string | null = null;
  do {
    const q: string[] = ['limit=200'];
    if (query) q.push(query);
    if (cursor) q.push(`cursor=${encodeURIComponent(cursor)}`);
    const res: Answer<Page<CaseSummary>> = await t.request<Page<CaseSummary>>('GET', `/api/v1/cases?${q.join('&')}`, { token });
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** Run fn over items, at most `limit` at a time; results in the items' order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
