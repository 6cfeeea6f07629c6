import type { CaseView, CreateReportRequest } from '@gridops/contracts';
import type { TestApp } from './test-app';

/** Points well inside one grid cell of each 片区 (centroids of the schematic cells). */
export { sampleInteriorPoint } from '@gridops/server';

export function reportBody(overrides: Partial<CreateReportRequest> = {}): CreateReportRequest {
  return {
    source: 'hotline_12345',
    categoryCode: 'E0102',
    description: '小区门口暴露垃圾 / exposed rubbish at the gate',
    location: { lat: 31.245, lng: 121.38 },
    reporter: { name: '王先生', phone: '13800001234' },
    ...overrides,
  };
}

export async function createCase(t: TestApp, token: string, overrides: Partial<CreateReportRequest> = {}): Promise<CaseView['case']> {
  const res = await t.request<CaseView['case']>('POST', '/api/v1/reports', { token, body: reportBody(overrides) });
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function getCase(t: TestApp, token: string, id: string): Promise<CaseView> {
  const res = await t.request<CaseView>('GET', `/api/v1/cases/${id}`, { token });
  if (res.status !== 200) throw new Error(`get case failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Take an action with the case's current version; returns the raw answer so refusals can be asserted. */
export async function act(t: TestApp, token: string, id: string, action: string, input: Record<string, unknown> = {}, version?: number) {
  const v = version ?? (await getCase(t, token, id)).case.version;
  return t.request<CaseView>('POST', `/api/v1/cases/${id}/actions/${action}`, { token, body: { version: v, ...input } });
}

/** Like act, but the action must succeed. */
export async function must(t: TestApp, token: string, id: string, action: string, input: Record<string, unknown> = {}): Promise<CaseView> {
  const res = await act(t, token, id, action, input);
  if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function userId(t: TestApp, username: string): Promise<string> {
  const admin = await t.login('admin');
  const res = await t.request<{ id: string; username: string }[]>('GET', '/api/v1/users', { token: admin });
  const u = res.body.find((x) => x.username === username);
  if (!u) throw new Error(`no user ${username}`);
  return u.id;
}
