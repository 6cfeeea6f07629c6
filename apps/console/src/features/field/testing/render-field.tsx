import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App as AntApp } from 'antd';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { CaseSummary, CategoryView, GridCellView, Me } from '@gridops/contracts';
import { AuthProvider, useAuth } from '../../../auth/AuthProvider';
import { writeSession } from '../../../auth/token-store';
import { MemoryOutboxStore, type OutboxStore } from '../outbox/outbox-store';
import { OutboxProvider } from '../outbox/OutboxProvider';
import type { OutboxTransport } from '../outbox/outbox';
import '../messages';

export const WORKER: Me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'worker.xincheng',
  displayName: '张网格',
  role: 'grid_worker',
  districtCode: 'xincheng',
  unitCode: null,
} as Me;

const square = (lng: number, lat: number, d = 0.01): GridCellView['geometry'] => ({
  type: 'Polygon',
  coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]],
});

/** A district of one 0.02° square at (121.37, 31.24) and its grid cells; points outside are in no 片区. */
export const DISTRICT = { code: 'xincheng', nameZh: '新城', nameEn: 'Xincheng', geometry: square(121.37, 31.24, 0.02) };
export const CELLS: GridCellView[] = [
  { code: 'xincheng-01', districtCode: 'xincheng', nameZh: '新城一网格', nameEn: 'Xincheng 1', geometry: square(121.37, 31.24) },
  { code: 'xincheng-02', districtCode: 'xincheng', nameZh: '新城二网格', nameEn: 'Xincheng 2', geometry: square(121.38, 31.24) },
];

export const CATEGORIES = [
  { code: 'E0102', nameZh: '暴露垃圾', nameEn: 'Exposed rubbish', kind: 'event', selfDisposable: true, afterPhotoRequired: true, active: true },
  { code: 'C0101', nameZh: '上水井盖', nameEn: 'Water-supply manhole cover', kind: 'component', selfDisposable: false, afterPhotoRequired: true, active: true },
  { code: 'E0505', nameZh: '机动车乱停放', nameEn: 'Illegal car parking', kind: 'event', selfDisposable: false, afterPhotoRequired: false, active: true },
] as CategoryView[];

let n = 0;
export function summary(over: Partial<CaseSummary> = {}): CaseSummary {
  n += 1;
  return {
    id: `case-${n}`,
    number: `CZ-20261126-${String(n).padStart(4, '0')}`,
    state: 'DISPATCHED',
    light: 'green',
    source: 'patrol',
    districtCode: 'xincheng',
    gridCellCode: 'xincheng-01',
    categoryCode: 'E0102',
    priority: 'P2',
    urgent: false,
    supervised: false,
    escalatedToDistrict: false,
    assigneeUserId: WORKER.id,
    assigneeUnitCode: null,
    checkerUserId: null,
    location: { lat: 31.245, lng: 121.375 },
    address: '长征镇某路 1 号',
    description: '路口暴露垃圾',
    stepDueAt: null,
    handlingDueAt: null,
    clockDueAt: null,
    clockYellowAt: null,
    suggestedDuplicateOf: null,
    dispatchHold: null,
    reportedAt: '2026-11-26T01:00:00.000Z',
    updatedAt: '2026-11-26T01:00:00.000Z',
    version: 1,
    ...over,
  };
}

export type Route_ = (url: URL, init: RequestInit | undefined) => unknown;

/** A non-200 answer from a route: `return new FakeAnswer(422, { error: … })`. */
export class FakeAnswer {
  constructor(readonly status: number, readonly body: unknown) {}
}

// the few members of Response that api() reads (jsdom has no fetch of its own)
const answer = (status: number, body: unknown) => ({
  status,
  ok: status >= 200 && status < 300,
  statusText: String(status),
  text: async () => JSON.stringify(body),
  json: async () => body,
});

/**
 * The API as a function of the request: `routes` answers by path (and may read the query); anything else is 404.
 * Every request is recorded.
 */
export function fakeApi(routes: Record<string, Route_>) {
  const calls: { method: string; url: URL; body: unknown; headers: Record<string, string> }[] = [];
  const fetchFn = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
    calls.push({ method: init?.method ?? 'GET', url, body, headers: (init?.headers ?? {}) as Record<string, string> });
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const handler = routes[`${init?.method ?? 'GET'} ${path}`] ?? routes[path];
    if (!handler) return answer(404, { error: { code: 'NOT_FOUND', message: path } });
    const out = await handler(url, init);
    return out instanceof FakeAnswer ? answer(out.status, out.body) : answer(200, out);
  });
  globalThis.fetch = fetchFn as unknown as typeof fetch;
  return { calls, fetchFn };
}

/** The basics every field screen reads. */
export const baseRoutes = (me: Me = WORKER): Record<string, Route_> => ({
  '/auth/me': () => me,
  '/categories': () => CATEGORIES,
  '/grid-cells': () => CELLS,
  '/districts': () => [DISTRICT],
  '/units': () => [],
  '/notifications': () => [],
});

/** Render a field screen signed in as `me`, with its own query cache and an in-memory outbox. */
export function renderField(ui: ReactNode, opts: { path?: string; route?: string; routes?: Record<string, ReactNode>; store?: OutboxStore; transport?: OutboxTransport; me?: Me } = {}) {
  writeSession({ accessToken: 'test-token', refreshToken: 'refresh', expiresIn: 3600, tokenType: 'Bearer' });
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const me = opts.me ?? WORKER;
  const store = opts.store ?? new MemoryOutboxStore();
  return render(
    <AntApp>
      <QueryClientProvider client={qc}>
        <AuthProvider>
          <MemoryRouter initialEntries={[opts.path ?? '/field']}>
            <SignedIn me={me} store={store} transport={opts.transport}>
              <Routes>
                <Route path={opts.route ?? '/field'} element={ui} />
                {Object.entries(opts.routes ?? {}).map(([path, element]) => <Route key={path} path={path} element={element} />)}
              </Routes>
            </SignedIn>
          </MemoryRouter>
        </AuthProvider>
      </QueryClientProvider>
    </AntApp>,
  );
}

function SignedIn({ me, store, transport, children }: { me: Me; store: OutboxStore; transport?: OutboxTransport; children: ReactNode }) {
  const { me: current } = useAuth();
  if (!current) return null;
  return <OutboxProvider userId={me.id} store={store} transport={transport}>{children}</OutboxProvider>;
}
