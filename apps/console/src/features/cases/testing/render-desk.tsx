import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { configure, render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { CaseDetail, CaseEventView, CaseSummary, CaseView, CategoryView, GridCellView, Me, UnitView, UserView } from '@gridops/contracts';
import { AuthProvider, useAuth } from '../../../auth/AuthProvider';
import { writeSession } from '../../../auth/token-store';

// antd 6's Form batches watchers in a macrotask through MessageChannel, which jsdom lacks: a timer does the same
if (typeof globalThis.MessageChannel === 'undefined') {
  class TimerMessageChannel {
    port1: { onmessage: ((e: { data: unknown }) => void) | null } = { onmessage: null };
    port2 = { postMessage: (data: unknown) => void setTimeout(() => this.port1.onmessage?.({ data }), 0) };
  }
  Object.assign(globalThis, { MessageChannel: TimerMessageChannel });
}

// a shared 2-core machine under load renders antd slowly: wait generously for what must appear (never a timing check)
configure({ asyncUtilTimeout: 15_000 });

/**
 * Test harness for the desk and case-file pieces: a signed-in console with its own query cache over a fake API
 * (fetch answered by path, every request recorded). Tests drive the real components, hooks and HTTP client.
 */

export const OPERATOR: Me = { id: '10000000-0000-4000-8000-000000000003', username: 'operator', displayName: '张敏', role: 'operator', districtCode: null, unitCode: null } as Me;
export const LEAD: Me = { id: '10000000-0000-4000-8000-000000000002', username: 'lead', displayName: '李静', role: 'shift_lead', districtCode: null, unitCode: null } as Me;

const square = (lng: number, lat: number, d = 0.01): GridCellView['geometry'] => ({
  type: 'Polygon',
  coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]],
});
export const CELLS: GridCellView[] = [
  { code: 'xincheng-01', districtCode: 'xincheng', nameZh: '新城一网格', nameEn: 'Xincheng 1', geometry: square(121.37, 31.24) },
  { code: 'jinsha-01', districtCode: 'jinsha', nameZh: '金沙一网格', nameEn: 'Jinsha 1', geometry: square(121.39, 31.24) },
];
export const CATEGORIES = [
  { code: 'E0102', nameZh: '暴露垃圾', nameEn: 'Exposed rubbish', priority: 'P2', selfDisposable: true, afterPhotoRequired: false, needsUnit: false, defaultUnitCode: 'shirong', active: true },
  { code: 'C0101', nameZh: '上水井盖', nameEn: 'Water-supply manhole cover', priority: 'P1', selfDisposable: false, afterPhotoRequired: true, needsUnit: true, defaultUnitCode: 'shuiwu', active: true },
] as CategoryView[];
export const UNITS: UnitView[] = [
  { code: 'chengguan', nameZh: '城管中队', nameEn: 'City management squad', phone: null },
  { code: 'shuiwu', nameZh: '供排水', nameEn: 'Water supply & drainage', phone: null },
];
const user = (id: string, username: string, displayName: string, role: UserView['role'], districtCode: UserView['districtCode'], unitCode: string | null = null): UserView => ({
  id: `20000000-0000-4000-8000-0000000000${id}`, username, displayName, role, districtCode, unitCode, active: true,
});
export const USERS: UserView[] = [
  user('11', 'worker.xincheng', '刘洋', 'grid_worker', 'xincheng'),
  user('31', 'worker2.xincheng', '郑浩', 'grid_worker', 'xincheng'),
  user('12', 'worker.jinsha', '赵丽', 'grid_worker', 'jinsha'),
  user('21', 'unit.chengguan', '吴强', 'unit_staff', null, 'chengguan'),
  user('03', 'operator', '张敏', 'operator', null),
];

let n = 0;
export function summary(over: Partial<CaseSummary> = {}): CaseSummary {
  n += 1;
  return {
    id: `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    number: `CZ-20261126-${String(n).padStart(4, '0')}`,
    state: 'PENDING_DISPATCH',
    light: 'green',
    source: 'hotline_12345',
    districtCode: 'xincheng',
    gridCellCode: 'xincheng-01',
    categoryCode: 'E0102',
    priority: 'P2',
    urgent: false,
    supervised: false,
    escalatedToDistrict: false,
    assigneeUserId: null,
    assigneeUnitCode: null,
    checkerUserId: null,
    location: { lat: 31.245, lng: 121.375 },
    address: '长征镇铜川路 1 号',
    description: '小区门口暴露垃圾',
    stepDueAt: '2026-11-26T02:30:00.000Z',
    handlingDueAt: null,
    clockDueAt: '2026-11-26T02:30:00.000Z',
    clockYellowAt: '2026-11-26T02:24:00.000Z',
    suggestedDuplicateOf: null,
    dispatchHold: null,
    reportedAt: '2026-11-26T01:00:00.000Z',
    updatedAt: '2026-11-26T01:00:00.000Z',
    version: 3,
    ...over,
  };
}

export function event(over: Partial<CaseEventView> = {}): CaseEventView {
  return {
    seq: '1', type: 'report', actor: { id: null, role: 'system', name: 'system' }, fromState: null, toState: 'REPORTED',
    note: null, systemNote: null, payload: {}, attachmentIds: [], at: '2026-11-26T01:00:00.000Z', ...over,
  };
}

export function caseView(over: Partial<CaseDetail> = {}, rest: Partial<Omit<CaseView, 'case'>> = {}): CaseView {
  const s = summary(over);
  return {
    case: {
      ...s,
      reporter: { name: '王先生', phone: '13800001234' }, occurredAt: null, checkerUserId: null, fixerUserId: null, requestedDueAt: null,
      reworkCount: 0, extensionCount: 0, returnCount: 0, deadlineVersion: 0, voidReason: null, returnReason: null, duplicateOf: null,
      callbackSatisfied: null,
      milestones: { reportedAt: s.reportedAt, filedAt: null, dispatchedAt: null, acceptedAt: null, handledAt: null, checkedAt: null, closedAt: null },
      ...over,
    },
    timeline: [event()],
    allowedActions: ['dispatch', 'refile', 'urge', 'merge', 'comment'],
    attachments: [],
    ...rest,
  };
}

export type FakeRoute = (url: URL, body: unknown) => unknown;

/** A non-2xx answer: `return new FakeAnswer(409, { error: … })`. */
export class FakeAnswer {
  constructor(readonly status: number, readonly body: unknown) {}
}

const answer = (status: number, body: unknown) => ({
  status,
  ok: status >= 200 && status < 300,
  statusText: String(status),
  text: async () => JSON.stringify(body),
  json: async () => body,
});

/** Answers by `METHOD /path` or `/path` (GET); anything else is 404. Every request is recorded. */
export function fakeApi(routes: Record<string, FakeRoute>) {
  const calls: { method: string; url: URL; body: unknown }[] = [];
  globalThis.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
    calls.push({ method, url, body });
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const handler = routes[`${method} ${path}`] ?? (method === 'GET' ? routes[path] : undefined);
    if (!handler) return answer(404, { error: { code: 'NOT_FOUND', message: path } });
    const out = await handler(url, body);
    return out instanceof FakeAnswer ? answer(out.status, out.body) : answer(200, out);
  }) as unknown as typeof fetch;
  return { calls, posts: () => calls.filter((c) => c.method === 'POST') };
}

export const directoryRoutes = (me: Me = OPERATOR): Record<string, FakeRoute> => ({
  '/auth/me': () => me,
  '/categories': () => CATEGORIES,
  '/grid-cells': () => CELLS,
  '/units': () => UNITS,
  '/users': () => USERS,
});

function SignedIn({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  return me ? <>{children}</> : null;
}

/** Renders `ui` at `path` (route pattern `route`), signed in; returns the query client too. */
export function renderSignedIn(ui: ReactNode, opts: { path?: string; route?: string } = {}) {
  writeSession({ accessToken: 'test-token', refreshToken: 'refresh', expiresIn: 3600, tokenType: 'Bearer' });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const result = render(
    // no motion: dialogs and dropdowns open at once instead of after their animations
    <ConfigProvider theme={{ token: { motion: false } }}>
    <AntApp>
      <QueryClientProvider client={qc}>
        <AuthProvider>
          <MemoryRouter initialEntries={[opts.path ?? '/']}>
            <SignedIn>
              <Routes>
                <Route path={opts.route ?? '/'} element={ui} />
              </Routes>
            </SignedIn>
          </MemoryRouter>
        </AuthProvider>
      </QueryClientProvider>
    </AntApp>
    </ConfigProvider>,
  );
  return { ...result, qc };
}
