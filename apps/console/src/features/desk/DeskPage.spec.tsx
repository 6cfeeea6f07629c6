import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { caseView, directoryRoutes, fakeApi, renderSignedIn, summary } from '../cases/testing/render-desk';
import DeskPage from './DeskPage';

jest.setTimeout(90_000);
jest.mock('../cases/CaseMapLazy', () => ({ CaseMapLazy: () => <div data-testid="case-map-stub" /> }));

const cases = [
  summary({ number: 'CZ-20261126-0101', description: '铜川路暴露垃圾' }),
  summary({ number: 'CZ-20261126-0102', description: '真北路井盖缺失', categoryCode: 'C0101', state: 'PENDING_FILE' }),
  summary({ number: 'CZ-20261126-0103', description: '金沙江路乱停车', districtCode: 'jinsha', gridCellCode: 'jinsha-01', dispatchHold: 'no_one_on_duty' }),
];

function setup() {
  const api = fakeApi({
    ...directoryRoutes(),
    '/cases': (url) => {
      const state = url.searchParams.get('state')?.split(',');
      return { items: state ? cases.filter((c) => state.includes(c.state)) : cases, nextCursor: null };
    },
    ...Object.fromEntries(cases.map((c) => [`/cases/${c.id}`, () => caseView({ ...c })])),
  });
  const listQueries = () => api.calls.filter((c) => c.url.pathname === '/api/v1/cases').map((c) => Object.fromEntries(c.url.searchParams));
  renderSignedIn(<DeskPage />, { path: '/desk', route: '/desk' });
  return { ...api, listQueries };
}

describe('the desk', () => {
  afterEach(() => localStorage.clear());

  it('opens on the triage queue: the cases waiting for a person', async () => {
    const { listQueries } = setup();
    expect(await screen.findByText('铜川路暴露垃圾')).toBeInTheDocument();
    expect(listQueries()[0]).toEqual({
      state: 'EXTENSION_REQUESTED,PENDING_DISPATCH,PENDING_FILE,PENDING_VERIFY,REPORTED,RETURN_REQUESTED,SUSPEND_REQUESTED',
      open: 'true',
      limit: '50',
    });
    expect(screen.getByTestId('view-triage')).toHaveClass('ant-btn-variant-solid');
    // the dispatch hold is visible on its row
    const held = screen.getAllByTestId('desk-row').find((r) => r.textContent?.includes('金沙江路乱停车'));
    expect(within(held as HTMLElement).getByTestId('flag-held')).toBeInTheDocument();
  });

  it('switches views and filters with the query the API takes', async () => {
    const user = userEvent.setup({ delay: null });
    const { listQueries } = setup();
    await screen.findByText('铜川路暴露垃圾');
    await user.click(screen.getByTestId('view-file'));
    await waitFor(() => expect(listQueries().at(-1)).toEqual({ state: 'PENDING_FILE', open: 'true', limit: '50' }));
    expect(await screen.findByText('真北路井盖缺失')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('铜川路暴露垃圾')).toBeNull());

    await user.click(screen.getByTestId('filter-urgent'));
    await waitFor(() => expect(listQueries().at(-1)).toEqual({ state: 'PENDING_FILE', urgent: 'true', open: 'true', limit: '50' }));
    // not a built-in view any more: it can be saved under a name, and is then offered as a view
    await user.click(screen.getByTestId('save-view'));
    await user.click(await screen.findByTestId('save-view-name'));
    await user.paste('紧急待立案');
    await user.click(screen.getByTestId('save-view-ok'));
    expect(await screen.findByText('紧急待立案')).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem('gridops.desk.views.10000000-0000-4000-8000-000000000003') ?? '[]')).toEqual([
      expect.objectContaining({ name: '紧急待立案', query: 'state=PENDING_FILE&urgent=true&open=true' }),
    ]);
  });

  it('moves with j/k, opens with Enter and closes with Esc', async () => {
    setup();
    await screen.findByText('铜川路暴露垃圾');
    const rows = () => screen.getAllByTestId('desk-row');
    fireEvent.keyDown(document.body, { key: 'j' });
    await waitFor(() => expect(rows()[0]).toHaveClass('desk-row-active'));
    fireEvent.keyDown(document.body, { key: 'j' });
    await waitFor(() => expect(rows()[1]).toHaveClass('desk-row-active'));
    fireEvent.keyDown(document.body, { key: 'k' });
    fireEvent.keyDown(document.body, { key: 'ArrowDown' });
    await waitFor(() => expect(rows()[1]).toHaveClass('desk-row-active'));
    fireEvent.keyDown(document.body, { key: 'Enter' });
    expect(await screen.findByTestId('drawer-title')).toHaveTextContent('CZ-20261126-0102');
    expect(await screen.findByText('真北路井盖缺失', { selector: '[data-testid="case-description"]' })).toBeInTheDocument();
    // j in the open drawer goes on to the next case
    fireEvent.keyDown(document.body, { key: 'j' });
    await waitFor(() => expect(screen.getByTestId('drawer-title')).toHaveTextContent('CZ-20261126-0103'));
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('drawer-title')).toBeNull());
  });

  it('lets only cases pending dispatch be picked for a bulk dispatch', async () => {
    const user = userEvent.setup({ delay: null });
    setup();
    await screen.findByText('铜川路暴露垃圾');
    const box = (text: string) => within(screen.getAllByTestId('desk-row').find((r) => r.textContent?.includes(text)) as HTMLElement).getByRole('checkbox');
    expect(box('真北路井盖缺失')).toBeDisabled();
    await user.click(box('铜川路暴露垃圾'));
    await user.click(box('金沙江路乱停车'));
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('已选 2 件');
    await user.click(screen.getByTestId('bulk-dispatch-open'));
    // two 片区 in the selection: grid workers can't take both, so the dialog says only units are offered
    expect(await screen.findByText(/所选案件分属多个片区/)).toBeInTheDocument();
  });
});
