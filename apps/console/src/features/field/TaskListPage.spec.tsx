import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TaskListPage } from './TaskListPage';
import { baseRoutes, fakeApi, renderField, summary } from './testing/render-field';

const at = (minutesFromNow: number) => new Date(Date.now() + minutesFromNow * 60_000).toISOString();

describe('the field task list (我的任务)', () => {
  afterEach(() => localStorage.clear());

  it('shows my tasks to accept nearest deadline first, the overdue one on top in red, with counts on the tabs', async () => {
    const dispatched = [
      summary({ number: 'CZ-LATER', clockDueAt: at(300), light: 'green', address: '常德路 1 号' }),
      summary({ number: 'CZ-OVERDUE', clockDueAt: at(-45), light: 'red', categoryCode: 'C0101' }),
      summary({ number: 'CZ-SOON', clockDueAt: at(30), light: 'yellow', address: null }),
    ];
    const { calls } = fakeApi({
      ...baseRoutes(),
      '/cases': (url) => {
        const state = url.searchParams.get('state');
        if (state === 'DISPATCHED') return { items: dispatched, nextCursor: null };
        if (state?.startsWith('IN_PROGRESS')) return { items: [summary({ state: 'IN_PROGRESS', clockDueAt: at(600) })], nextCursor: null };
        return { items: [], nextCursor: null };
      },
    });
    renderField(<TaskListPage />);

    const cards = await screen.findAllByTestId('task-card');
    expect(cards.map((c) => c.getAttribute('data-number'))).toEqual(['CZ-OVERDUE', 'CZ-SOON', 'CZ-LATER']);
    expect(cards[0]).toHaveAttribute('data-light', 'red');
    expect(cards[0]).toHaveClass('light-red');
    expect(within(cards[0]).getByText('上水井盖')).toBeInTheDocument();
    expect(within(cards[0]).getByTestId('countdown')).toHaveTextContent(/^超 /);
    expect(within(cards[2]).getByText('常德路 1 号')).toBeInTheDocument();
    expect(within(cards[1]).getByText('新城一网格')).toBeInTheDocument(); // no address: the grid cell's name
    expect(cards[0]).toHaveAttribute('href', `/field/tasks/${dispatched[1].id}`);

    // an overdue task makes its tab's count red
    expect(within(screen.getByTestId('tab-accept')).getByText('3')).toHaveClass('hot');
    expect(within(screen.getByTestId('tab-doing')).getByText('1')).not.toHaveClass('hot');

    // a grid worker's lists ask for their own work: assigned to me, checks chosen for me
    const queries = calls.filter((c) => c.url.pathname === '/api/v1/cases').map((c) => Object.fromEntries(c.url.searchParams));
    expect(queries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ assignee: 'me', state: 'DISPATCHED' }),
        expect.objectContaining({ checker: 'me', state: 'PENDING_CHECK' }),
        expect.objectContaining({ state: 'PENDING_VERIFY' }),
      ]),
    );
  });

  it('switches tabs and says so when a tab is empty', async () => {
    fakeApi({
      ...baseRoutes(),
      '/cases': (url) =>
        url.searchParams.get('state') === 'PENDING_CHECK' ? { items: [summary({ number: 'CZ-CHECK', state: 'PENDING_CHECK', clockDueAt: at(90) })], nextCursor: null } : { items: [], nextCursor: null },
    });
    renderField(<TaskListPage />);
    expect(await screen.findByTestId('task-empty')).toHaveTextContent('没有待签收的任务');
    await userEvent.click(screen.getByTestId('tab-check'));
    expect(screen.getByTestId('tab-check')).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(screen.getAllByTestId('task-card').map((c) => c.getAttribute('data-number'))).toEqual(['CZ-CHECK']));
  });

  it('gives unit staff no check tab and no person filter (their scope is their unit)', async () => {
    const unit = { id: '00000000-0000-4000-8000-000000000009', username: 'unit.shirong', displayName: '市容', role: 'unit_staff', districtCode: null, unitCode: 'shirong' } as const;
    const { calls } = fakeApi({ ...baseRoutes(unit as never), '/cases': () => ({ items: [], nextCursor: null }) });
    renderField(<TaskListPage />, { me: unit as never });
    await screen.findByTestId('task-empty');
    expect(screen.queryByTestId('tab-check')).toBeNull();
    const queries = calls.filter((c) => c.url.pathname === '/api/v1/cases').map((c) => Object.fromEntries(c.url.searchParams));
    expect(queries.some((q) => 'assignee' in q || 'checker' in q)).toBe(false);
  });
});
