import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { caseKeys } from '@gridops/live-client';
import { CaseFileContent } from './CaseFileContent';
import { caseView, directoryRoutes, event, FakeAnswer, fakeApi, renderSignedIn } from './testing/render-desk';
import { townTime } from '../../ui/town-time';

jest.setTimeout(90_000);
jest.mock('./CaseMapLazy', () => ({ CaseMapLazy: () => <div data-testid="case-map-stub" /> }));

const NOTE = '已电话联系来电人，情况属实';
const at = '2026-11-26T02:42:00.000Z';

/** A 12345 report waiting at the desk, and the same case after another operator (周强) sent it for verification. */
function reportAndItsMove() {
  const before = caseView({ state: 'REPORTED', version: 1 }, { allowedActions: ['register', 'send-verify', 'void', 'comment'] });
  const id = before.case.id;
  const after = caseView(
    { id, state: 'PENDING_VERIFY', version: 2 },
    {
      allowedActions: ['void', 'comment'],
      timeline: [event(), event({ seq: '2', type: 'send-verify', actor: { id: null, role: 'operator', name: '周强' }, fromState: 'REPORTED', toState: 'PENDING_VERIFY', at })],
    },
  );
  return { before, after, id };
}

describe('an open action form when someone else moves the case', () => {
  afterEach(() => localStorage.clear());

  it('stays open with what was typed, says who did what, and offers the actions now allowed', async () => {
    const user = userEvent.setup({ delay: null });
    const { before, after, id } = reportAndItsMove();
    const { posts } = fakeApi({ ...directoryRoutes(), [`/cases/${id}`]: () => before, [`POST /cases/${id}/actions/comment`]: () => after });
    const { qc } = renderSignedIn(<CaseFileContent caseId={id} variant="drawer" />);
    await user.click(await screen.findByTestId('action-register'));
    const form = await screen.findByTestId('action-form-register');
    await user.click(within(form).getByRole('textbox'));
    await user.paste(NOTE);

    // the live socket patches the cached case: 周强 sent it for verification meanwhile
    act(() => qc.setQueryData(caseKeys.detail(id), after));

    const notice = await screen.findByTestId('case-moved');
    expect(notice).toHaveTextContent(`此案件已被 周强 派核实（${townTime(at).format('HH:mm')}），现为“待核实”`);
    expect(notice).toHaveTextContent('“受理”已不能执行');
    // the form is still there with the typing, but can no longer send a 受理
    expect(within(screen.getByTestId('action-form-register')).getByRole('textbox')).toHaveValue(NOTE);
    expect(screen.getByTestId('action-submit')).toBeDisabled();
    // what is allowed now, one click each; the note carries over to the new form
    const offered = within(screen.getByTestId('case-moved-actions')).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''));
    expect(offered).toEqual(['作废', '备注']);
    await user.click(screen.getByTestId('moved-action-comment'));
    const comment = await screen.findByTestId('action-form-comment');
    expect(within(comment).getByRole('textbox')).toHaveValue(NOTE);
    await user.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(posts()).toHaveLength(1));
    expect(posts()[0].body).toEqual({ version: 2, note: NOTE });
  });

  it('keeps the form and the typing through a 409, and says what beat it', async () => {
    const user = userEvent.setup({ delay: null });
    const { before, after, id } = reportAndItsMove();
    let current = before;
    fakeApi({
      ...directoryRoutes(),
      [`/cases/${id}`]: () => current,
      [`POST /cases/${id}/actions/register`]: () => {
        current = after;
        return new FakeAnswer(409, { error: { code: 'CONFLICT', message: 'the case changed since you loaded it', details: { currentVersion: 2 } } });
      },
    });
    renderSignedIn(<CaseFileContent caseId={id} variant="drawer" />);
    await user.click(await screen.findByTestId('action-register'));
    const form = await screen.findByTestId('action-form-register');
    await user.click(within(form).getByRole('textbox'));
    await user.paste(NOTE);
    await user.click(screen.getByTestId('action-submit'));

    expect(await screen.findByTestId('case-moved')).toHaveTextContent('此案件已被 周强 派核实');
    expect(within(screen.getByTestId('action-form-register')).getByRole('textbox')).toHaveValue(NOTE);
    expect(screen.getByTestId('moved-action-void')).toBeInTheDocument();
  });
});
