import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CaseFilePage from './CaseFilePage';
import { caseView, directoryRoutes, event, fakeApi, renderSignedIn } from './testing/render-desk';

jest.setTimeout(90_000);
jest.mock('./CaseMapLazy', () => ({ CaseMapLazy: () => <div data-testid="case-map-stub" /> }));

describe('the case file page', () => {
  afterEach(() => localStorage.clear());

  it('shows the whole case at its own link and prints it', async () => {
    const user = userEvent.setup({ delay: null });
    const view = caseView(
      { state: 'DISPATCHED', assigneeUnitCode: 'chengguan', handlingDueAt: '2026-11-26T06:30:00.000Z' },
      {
        allowedActions: ['urge', 'comment'],
        timeline: [
          event(),
          event({ seq: '2', type: 'register', actor: { id: 'x', role: 'operator', name: '张敏' }, fromState: 'REPORTED', toState: 'PENDING_FILE', note: '已受理' }),
          event({ seq: '3', type: 'dispatch', actor: { id: 'y', role: 'shift_lead', name: '李静' }, fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', payload: { assignee: { unitCode: 'chengguan' } } }),
        ],
      },
    );
    fakeApi({ ...directoryRoutes(), [`/cases/${view.case.id}`]: () => view });
    const print = jest.spyOn(window, 'print').mockImplementation(() => undefined);
    renderSignedIn(<CaseFilePage />, { path: `/cases/${view.case.id}`, route: '/cases/:id' });

    expect(await screen.findByTestId('case-number')).toHaveTextContent(view.case.number);
    const timeline = screen.getByTestId('case-timeline');
    // oldest first on the page: it reads like a record
    expect(within(timeline).getAllByTestId('timeline-event').map((e) => e.dataset.type)).toEqual(['report', 'register', 'dispatch']);
    expect(within(timeline).getByText('已受理')).toBeInTheDocument();
    expect(within(timeline).getByText('李静 · 值班长')).toBeInTheDocument();
    expect(await within(timeline).findByText('处置人/单位：城管中队')).toBeInTheDocument();
    expect(screen.getByTestId('case-facts')).toHaveTextContent('王先生 · 13800001234');
    await user.click(screen.getByTestId('print-case'));
    expect(print).toHaveBeenCalled();
  });

  it('says plainly when the case is not there or not in the caller’s scope', async () => {
    fakeApi(directoryRoutes());
    renderSignedIn(<CaseFilePage />, { path: '/cases/30000000-0000-4000-8000-000000009999', route: '/cases/:id' });
    expect(await screen.findByText('案件不存在或不在您的权限范围内')).toBeInTheDocument();
  });
});
