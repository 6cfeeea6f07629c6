import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryOutboxStore } from './outbox/outbox-store';
import ReportPage from './ReportPage';
import { baseRoutes, fakeApi, FakeAnswer, renderField } from './testing/render-field';

const INSIDE = { latitude: 31.245, longitude: 121.375, accuracy: 12 };
const OUTSIDE = { latitude: 31.3, longitude: 121.5, accuracy: 30 };

function gpsAt(coords: { latitude: number; longitude: number; accuracy: number }) {
  Object.defineProperty(navigator, 'geolocation', {
    configurable: true,
    value: { getCurrentPosition: (ok: PositionCallback) => ok({ coords, timestamp: Date.now() } as GeolocationPosition) },
  });
}

const renderReport = (store = new MemoryOutboxStore()) =>
  renderField(<ReportPage />, { path: '/field/report', route: '/field/report', store, routes: { '/field/tasks/:id': <div data-testid="opened-task" />, '/field': <div data-testid="task-list" /> } });

async function fillValidReport(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('category-picker'));
  await user.type(screen.getByTestId('category-search'), '井盖');
  await user.click(screen.getByTestId('category-C0101'));
  await user.type(screen.getByTestId('report-description'), '井盖缺失，已设临时围挡');
  gpsAt(INSIDE);
  await user.click(screen.getByTestId('locate'));
}

describe('the report form (上报)', () => {
  afterEach(() => localStorage.clear());

  it('names what is missing and sends nothing', async () => {
    const user = userEvent.setup();
    const { calls } = fakeApi(baseRoutes());
    renderReport();
    await user.click(await screen.findByTestId('report-submit'));
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual(expect.arrayContaining(['请选择问题类别', '请描述问题', '请确定问题位置']));
    expect(calls.some((c) => c.url.pathname === '/api/v1/reports')).toBe(false);
  });

  it('refuses a point outside the worker’s 片区 before sending', async () => {
    const user = userEvent.setup();
    const { calls } = fakeApi(baseRoutes());
    renderReport();
    await fillValidReport(user);
    gpsAt(OUTSIDE);
    await user.click(screen.getByTestId('locate'));
    await user.click(screen.getByTestId('report-submit'));
    expect(await screen.findByText('该位置不在您负责的片区（新城）内')).toBeInTheDocument();
    expect(calls.some((c) => c.url.pathname === '/api/v1/reports')).toBe(false);
  });

  it('posts a patrol report with an Idempotency-Key and opens the new case', async () => {
    const user = userEvent.setup();
    const { calls } = fakeApi({ ...baseRoutes(), 'POST /reports': () => ({ id: 'new-case', number: 'CZ-20261126-0042' }) });
    renderReport();
    await fillValidReport(user);
    expect(screen.getByTestId('location-info')).toHaveTextContent('新城一网格');
    await user.type(screen.getByTestId('report-address'), '常德路 100 号');
    await user.click(screen.getByTestId('report-submit'));
    expect(await screen.findByTestId('opened-task')).toBeInTheDocument();
    const post = calls.find((c) => c.url.pathname === '/api/v1/reports');
    expect(post?.body).toEqual({
      source: 'patrol',
      categoryCode: 'C0101',
      description: '井盖缺失，已设临时围挡',
      location: { lat: 31.245, lng: 121.375 },
      address: '常德路 100 号',
    });
    expect(post?.headers['Idempotency-Key']).toMatch(/^report-[0-9a-z-]{8,}$/);
  });

  it('shows the server’s refusal and keeps the form for a correction', async () => {
    const user = userEvent.setup();
    fakeApi({ ...baseRoutes(), 'POST /reports': () => new FakeAnswer(422, { error: { code: 'OUTSIDE_TOWN', message: '不在长征镇范围内' } }) });
    const store = new MemoryOutboxStore();
    renderReport(store);
    await fillValidReport(user);
    await user.click(screen.getByTestId('report-submit'));
    expect(await screen.findByTestId('report-refused')).toHaveTextContent('不在长征镇范围内');
    expect(screen.getByTestId('report-description')).toHaveValue('井盖缺失，已设临时围挡');
    expect(await store.all()).toEqual([]);
  });

  it('keeps the report in the outbox when the network fails, and the retry reuses its key', async () => {
    const user = userEvent.setup();
    let fail = true;
    const { calls } = fakeApi({
      ...baseRoutes(),
      'POST /reports': () => {
        if (fail) throw new TypeError('Failed to fetch');
        return { id: 'new-case', number: 'CZ-20261126-0043' };
      },
    });
    const store = new MemoryOutboxStore();
    renderReport(store);
    await fillValidReport(user);
    await user.click(screen.getByTestId('report-submit'));
    expect(await screen.findByTestId('task-list')).toBeInTheDocument(); // back to the list; the report waits
    const [entry] = await store.all();
    expect(entry).toMatchObject({ type: 'report', status: 'pending', attempts: 1, body: { categoryCode: 'C0101' } });

    fail = false;
    window.dispatchEvent(new Event('online'));
    await waitFor(async () => expect(await store.all()).toEqual([]));
    const keys = calls.filter((c) => c.url.pathname === '/api/v1/reports').map((c) => c.headers['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });
});
