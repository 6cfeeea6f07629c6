import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import dayjs from 'dayjs';
import type { CaseView } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { ActionForm } from './ActionForm';
import { CaseFileContent } from './CaseFileContent';
import { caseView, directoryRoutes, event, FakeAnswer, fakeApi, LEAD, renderSignedIn, USERS } from './testing/render-desk';
import { townTime } from '../../ui/town-time';

// the map is ECharts in a lazy chunk: not what these tests are about
// antd renders slowly in jsdom on a loaded machine: room for the slowest run, not a timing check
jest.setTimeout(90_000);

jest.mock('./CaseMapLazy', () => ({ CaseMapLazy: () => <div data-testid="case-map-stub" /> }));

const renderForm = (view: CaseView, action: CaseAction, onDone = jest.fn()) => {
  renderSignedIn(<ActionForm view={view} action={action} onDone={onDone} onConflict={jest.fn()} />);
  return onDone;
};

/** Types by pasting: one change event instead of one re-render per character. */
async function fill(user: ReturnType<typeof userEvent.setup>, el: HTMLElement, text: string) {
  await user.click(el);
  await user.paste(text);
}

/** Opens an antd Select by its test id and picks the option with this text. */
async function pick(user: ReturnType<typeof userEvent.setup>, testId: string, text: string) {
  const select = await screen.findByTestId(testId);
  await user.click(within(select).getByRole('combobox'));
  await user.click(await screen.findByText(text, { selector: '.ant-select-item-option-content, .ant-select-item-option-content *' }));
}

describe('action forms', () => {
  afterEach(() => localStorage.clear());

  it('dispatch offers the grid workers of the case’s 片区 and the units, and sends the choice with the version', async () => {
    const user = userEvent.setup({ delay: null });
    const view = caseView({ version: 3 });
    const { posts } = fakeApi({
      ...directoryRoutes(),
      [`POST /cases/${view.case.id}/actions/dispatch`]: () => caseView({ id: view.case.id, state: 'DISPATCHED', version: 4 }),
    });
    const onDone = renderForm(view, 'dispatch');
    expect(await screen.findByText('派遣给')).toBeInTheDocument();

    // nothing chosen: the form says so and sends nothing
    await user.click(screen.getByTestId('action-submit'));
    expect(await screen.findByText('必填')).toBeInTheDocument();
    expect(posts()).toHaveLength(0);

    await user.click(within(screen.getByTestId('assignee-select')).getByRole('combobox'));
    expect(await screen.findByText('郑浩')).toBeInTheDocument();
    expect(screen.getByText('城管中队')).toBeInTheDocument();
    expect(screen.queryByText('赵丽')).toBeNull(); // a 金沙 grid worker cannot take a 新城 case
    await user.click(screen.getByText('刘洋'));
    await user.click(screen.getByTestId('action-submit'));

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(posts()[0].body).toEqual({ version: 3, assignee: { userId: USERS[0].id } });
  });

  it('void asks for a reason from VOID_REASONS and sends it', async () => {
    const user = userEvent.setup({ delay: null });
    const view = caseView({ state: 'REPORTED', version: 1 }, { allowedActions: ['register', 'send-verify', 'void'] });
    const { posts } = fakeApi({ ...directoryRoutes(), [`POST /cases/${view.case.id}/actions/void`]: () => caseView({ id: view.case.id, state: 'VOID', version: 2 }) });
    const onDone = renderForm(view, 'void');
    for (const label of ['重复上报', '非本镇管辖', '无效信息', '现场未发现', '其他']) expect(await screen.findByText(label)).toBeInTheDocument();
    await user.click(screen.getByTestId('action-submit'));
    expect(await screen.findByText('必填')).toBeInTheDocument();
    await user.click(screen.getByText('重复上报'));
    await fill(user, screen.getByRole('textbox'), '与 CZ-20261126-0001 同一处');
    await user.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(posts()[0].body).toEqual({ version: 1, reasonCode: 'duplicate', note: '与 CZ-20261126-0001 同一处' });
  });

  it('filing starts from the case’s category, priority and urgency', async () => {
    const view = caseView({ state: 'PENDING_FILE', categoryCode: 'C0101', priority: 'P1', urgent: true });
    fakeApi(directoryRoutes(LEAD));
    renderForm(view, 'file');
    expect(await screen.findByText('类别')).toBeInTheDocument();
    expect(screen.getByText('等级')).toBeInTheDocument();
    expect(await screen.findByText('C0101 上水井盖')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'P1' })).toBeChecked();
    expect(screen.getByRole('switch')).toBeChecked();
  });

  it('an extension request needs a later deadline and a reason', async () => {
    const user = userEvent.setup({ delay: null });
    const view = caseView({ state: 'IN_PROGRESS', handlingDueAt: dayjs().add(2, 'hour').toISOString() });
    const { posts } = fakeApi(directoryRoutes());
    renderForm(view, 'request-extension');
    expect(await screen.findByText('新时限')).toBeInTheDocument();
    await user.click(screen.getByTestId('action-submit'));
    expect(await screen.findAllByText('必填')).toHaveLength(2);
    expect(posts()).toHaveLength(0);
    // a preset extends the current deadline
    await user.click(screen.getByText('+1天'));
    await user.type(screen.getByRole('textbox', { name: '说明' }), '材料未到');
    await user.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(posts()).toHaveLength(1));
    const sent = posts()[0].body as { dueAt: string; note: string };
    expect(sent.note).toBe('材料未到');
    expect(new Date(sent.dueAt).getTime()).toBe(dayjs(view.case.handlingDueAt).add(1, 'day').startOf('minute').valueOf());
  });

  it('says in words what the server refused', async () => {
    const user = userEvent.setup({ delay: null });
    const view = caseView({ state: 'REPORTED' }, { allowedActions: ['register'] });
    fakeApi({
      ...directoryRoutes(),
      [`POST /cases/${view.case.id}/actions/register`]: () =>
        new FakeAnswer(422, { error: { code: 'INVALID_STATE', message: 'cannot register a case in state PENDING_FILE' } }),
    });
    renderForm(view, 'register');
    await user.click(await screen.findByTestId('action-submit'));
    expect(await screen.findByTestId('action-error')).toHaveTextContent('案件当前状态不能执行此操作（可能已被他人处理）');
  });

  it('puts a field error from the server beside its field', async () => {
    const user = userEvent.setup({ delay: null });
    const view = caseView();
    fakeApi({
      ...directoryRoutes(),
      [`POST /cases/${view.case.id}/actions/comment`]: () =>
        new FakeAnswer(400, { error: { code: 'VALIDATION_FAILED', message: 'invalid request: note: contains a NUL character', details: [{ path: 'note', message: 'contains a NUL character' }] } }),
    });
    renderForm(view, 'comment');
    await fill(user, await screen.findByRole('textbox'), '现场有人');
    await user.click(screen.getByTestId('action-submit'));
    expect(await screen.findByText('contains a NUL character')).toBeInTheDocument();
  });
});

describe('the case file', () => {
  afterEach(() => localStorage.clear());

  it('offers exactly the actions allowedActions lists', async () => {
    const view = caseView({}, { allowedActions: ['dispatch', 'refile', 'comment'] });
    fakeApi({ ...directoryRoutes(), [`/cases/${view.case.id}`]: () => view });
    renderSignedIn(<CaseFileContent caseId={view.case.id} variant="drawer" />);
    const panel = await screen.findByTestId('action-panel');
    expect(within(panel).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))).toEqual(['派遣', '退回立案', '备注']);
  });

  it('explains an optimistic-lock conflict in words and shows the case as it now is', async () => {
    const user = userEvent.setup({ delay: null });
    const first = caseView({ version: 3 });
    const id = first.case.id;
    const at = '2026-11-26T02:42:00.000Z';
    const now = caseView(
      { id, state: 'DISPATCHED', version: 4, assigneeUnitCode: 'chengguan' },
      {
        allowedActions: ['urge', 'comment'],
        timeline: [event(), event({ seq: '2', type: 'dispatch', actor: { id: LEAD.id, role: 'shift_lead', name: '李静' }, fromState: 'PENDING_DISPATCH', toState: 'DISPATCHED', at })],
      },
    );
    let current = first;
    const { posts } = fakeApi({
      ...directoryRoutes(),
      [`/cases/${id}`]: () => current,
      [`POST /cases/${id}/actions/dispatch`]: () => {
        current = now;
        return new FakeAnswer(409, { error: { code: 'CONFLICT', message: 'the case changed since you loaded it', details: { currentVersion: 4 } } });
      },
    });
    renderSignedIn(<CaseFileContent caseId={id} variant="drawer" />);
    await user.click(await screen.findByTestId('action-dispatch'));
    await pick(user, 'assignee-select', '城管中队');
    await user.click(screen.getByTestId('action-submit'));

    const notice = await screen.findByTestId('conflict-notice');
    expect(notice).toHaveTextContent(`李静于 ${townTime(at).format('HH:mm')} 更新了此案件（派遣），以下已是最新状态`);
    expect(notice).not.toHaveTextContent('409');
    expect(posts()[0].body).toEqual({ version: 3, assignee: { unitCode: 'chengguan' } });
    // the reloaded case: its new state and only the actions it now allows
    const panel = screen.getByTestId('action-panel');
    await waitFor(() => expect(within(panel).queryByTestId('action-dispatch')).toBeNull());
    expect(within(panel).getByTestId('action-urge')).toBeInTheDocument();
  });
});
