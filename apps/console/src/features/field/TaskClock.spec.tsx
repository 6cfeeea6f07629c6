import { screen, within } from '@testing-library/react';
import type { CaseView } from '@gridops/contracts';
import TaskDetailPage from './TaskDetailPage';
import { TaskCard } from './TaskCard';
import { baseRoutes, fakeApi, renderField, summary } from './testing/render-field';

/**
 * The countdown on a task is named by what it measures (核实/处置/核查 时限, #15 item 8): after 处置反馈 the running
 * clock is the check's, with its own deadline, and a 核实 task counts down its verification.
 */
const HANDLING_DUE = '2026-11-26T04:30:00.000Z'; // 12:30 in Shanghai
const CHECK_DUE = '2026-11-26T06:00:00.000Z'; // 14:00

jest.mock('./AreaMap', () => ({ __esModule: true, default: () => null }));

const view = (c: Partial<CaseView['case']>): CaseView =>
  ({ case: { ...summary({ id: 'case-9', ...c }), reworkCount: 0, extensionCount: 0, reporter: null }, timeline: [], allowedActions: [], attachments: [] }) as unknown as CaseView;

describe('the clock a task shows', () => {
  afterEach(() => localStorage.clear());

  it('after 处置反馈 counts down the check (核查时限 14:00), not the handling deadline (12:30)', async () => {
    fakeApi({ ...baseRoutes(), '/cases/case-9': () => view({ state: 'PENDING_CHECK', handlingDueAt: HANDLING_DUE, clockDueAt: CHECK_DUE, stepDueAt: CHECK_DUE }) });
    renderField(<TaskDetailPage />, { path: '/field/tasks/case-9', route: '/field/tasks/:id' });
    const clock = await screen.findByTestId('task-clock');
    expect(clock).toHaveAttribute('data-measure', 'check');
    expect(clock).toHaveTextContent('核查时限');
    expect(clock).not.toHaveTextContent('处置时限');
    expect(within(clock).getByTestId('task-clock-at')).toHaveTextContent('11-26 14:00');
  });

  it('names the handling deadline while the fix is being made', async () => {
    fakeApi({ ...baseRoutes(), '/cases/case-9': () => view({ state: 'IN_PROGRESS', handlingDueAt: HANDLING_DUE, clockDueAt: HANDLING_DUE }) });
    renderField(<TaskDetailPage />, { path: '/field/tasks/case-9', route: '/field/tasks/:id' });
    const clock = await screen.findByTestId('task-clock');
    expect(clock).toHaveTextContent('处置时限');
    expect(within(clock).getByTestId('task-clock-at')).toHaveTextContent('11-26 12:30');
  });

  it('shows no handling clock on a case being verified (核实时限), nor any clock while the fix awaits a checker', async () => {
    fakeApi(baseRoutes());
    renderField(
      <>
        <TaskCard task={summary({ number: 'CZ-VERIFY', state: 'PENDING_VERIFY', clockDueAt: CHECK_DUE, handlingDueAt: null })} categoryName="暴露垃圾" gridName="新城一网格" />
        <TaskCard task={summary({ number: 'CZ-HANDLED', state: 'HANDLED', clockDueAt: null, handlingDueAt: HANDLING_DUE })} categoryName="暴露垃圾" gridName="新城一网格" />
      </>,
    );
    const [verify, handled] = await screen.findAllByTestId('task-card');
    expect(within(verify).getByTestId('task-clock')).toHaveTextContent('核实时限');
    expect(within(verify).getByTestId('task-clock')).not.toHaveTextContent('处置时限');
    expect(within(handled).getByTestId('task-clock')).toHaveAttribute('data-measure', 'none');
  });
});
