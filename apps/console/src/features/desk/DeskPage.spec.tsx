import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { caseView, directoryRoutes, fakeApi, LEAD, renderSignedIn, summary } from '../cases/testing/render-desk';
import DeskPage from './DeskPage';

jest.setTimeout(90_000);
jest.mock('../cases/CaseMapLazy', () => ({ CaseMapLazy: () => <div data-testid="case-map-stub" /> }));

const cases = [
  summary({ number: 'CZ-20261126-0101', description: '铜川路暴露垃圾' }),
  summary({ number: 'CZ-20261126-0199', description: '真北路乱设摊，处置完毕待结案', state: 'PENDING_CLOSE' }),
  summary({ number: 'CZ-20261126-0102', description: '真北路井盖缺失', categoryCode: 'C0101', state: 'PENDING_FILE' }),
  summary({ number: 'CZ-20261126-0103', description: '金沙江路乱停车', districtCode: 'jinsha', gridCellCode: 'jinsha-01', dispatchHold: 'no_one_on_duty' }),
];

function setup(me = directoryRoutes()) {
  const api = fakeApi({
    ...me,
    '/cases': (url) => {
      const state = url.searchParams.get('state')?.split(',');
      const q = url.searchParams.get('q');
      const items = cases.filter((c) => (!state || state.includes(c.state)) && (!q || c.number.includes(q) || c.description.includes(q)));
      return { items, nextCursor: null };
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
    // the shift lead: 待立案 is a view of the lead's work
    const { listQueries } = setup(directoryRoutes(LEAD));
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
    expect(JSON.parse(localStorage.getItem(`gridops.desk.views.${LEAD.id}`) ?? '[]')).toEqual([
      expect.objectContaining({ name: '紧急待立案', query: 'state=PENDING_FILE&urgent=true&open=true' }),
    ]);
  });

  it('offers the lead the views of the lead’s work: 待立案, 待结案, 延期/回退申请', async () => {
    const user = userEvent.setup({ delay: null });
    const { listQueries } = setup(directoryRoutes(LEAD));
    await screen.findByText('铜川路暴露垃圾');
    const views = within(screen.getByTestId('saved-views')).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''));
    expect(views.slice(0, 4)).toEqual(['待处理', '待立案', '待结案', '延期/回退申请']);
    expect(views).not.toContain('待派遣');
    await user.click(screen.getByTestId('view-close'));
    await waitFor(() => expect(listQueries().at(-1)).toEqual({ state: 'PENDING_CLOSE', open: 'true', limit: '50' }));
    expect(await screen.findByText('真北路乱设摊，处置完毕待结案')).toBeInTheDocument();
  });

  it('offers the operator 待受理 and 待派遣', async () => {
    setup();
    await screen.findByText('铜川路暴露垃圾');
    const views = within(screen.getByTestId('saved-views')).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''));
    expect(views.slice(0, 3)).toEqual(['待处理', '待受理', '待派遣']);
    expect(views).not.toContain('待结案');
  });

  it('finds a case number that is not in the view, and offers to search everywhere', async () => {
    const user = userEvent.setup({ delay: null });
    const { listQueries } = setup(directoryRoutes(LEAD));
    await screen.findByText('铜川路暴露垃圾');
    // 待处理 holds no PENDING_CLOSE case: the view is empty for this number…
    await user.click(screen.getByTestId('filter-q'));
    await user.paste('CZ-20261126-0199');
    await user.keyboard('{Enter}');
    const offer = await screen.findByTestId('search-everywhere');
    expect(offer).toHaveTextContent('当前视图下没有“CZ-20261126-0199”');
    expect(offer).not.toHaveTextContent('当前视图下没有案件');
    // …but the desk has already looked in every case and found it
    expect(await within(offer).findByTestId('search-everywhere-case')).toHaveTextContent('CZ-20261126-0199');
    expect(listQueries()).toContainEqual({ q: 'CZ-20261126-0199', limit: '5' });
    await user.click(screen.getByTestId('search-everywhere-button'));
    await waitFor(() => expect(listQueries().at(-1)).toEqual({ q: 'CZ-20261126-0199', limit: '50' }));
    expect(await screen.findByText('真北路乱设摊，处置完毕待结案')).toBeInTheDocument();
    // a click on what was found opens it
    await user.click(screen.getByText('真北路乱设摊，处置完毕待结案'));
    expect(await screen.findByTestId('drawer-title')).toHaveTextContent('CZ-20261126-0199');
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
