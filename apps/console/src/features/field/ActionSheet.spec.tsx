import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CaseView } from '@gridops/contracts';
import { ActionFields } from './ActionSheet';
import { baseRoutes, fakeApi, FakeAnswer, renderField, summary, WORKER } from './testing/render-field';

const view = (over: Partial<CaseView['case']> = {}): CaseView =>
  ({
    case: { ...summary({ id: 'case-77', state: 'IN_PROGRESS', version: 6, handlingDueAt: '2026-11-27T10:00:00+08:00' }), reworkCount: 0, extensionCount: 0, ...over },
    timeline: [{ seq: '90', type: 'accept', actor: { id: WORKER.id, role: 'grid_worker', name: '张网格' }, fromState: 'DISPATCHED', toState: 'IN_PROGRESS', note: null, systemNote: null, payload: {}, attachmentIds: [], at: '2026-11-26T02:00:00Z' }],
    allowedActions: ['handle', 'request-extension', 'request-return', 'comment'],
    attachments: [],
  }) as CaseView;

beforeAll(() => {
  Object.assign(URL, { createObjectURL: jest.fn(() => 'blob:preview'), revokeObjectURL: jest.fn() });
});

describe('field action forms', () => {
  afterEach(() => localStorage.clear());

  it('will not report a fix without a note or a photo, nor without the after-photo the category needs', async () => {
    const user = userEvent.setup();
    const { calls } = fakeApi(baseRoutes());
    const onDone = jest.fn();
    renderField(<ActionFields action="handle" view={view()} afterPhotoRequired onDone={onDone} />);
    await user.click(await screen.findByTestId('action-submit'));
    expect(screen.getByText('请填写说明或拍照')).toBeInTheDocument();
    expect(screen.getByText('该类别须上传处置后照片')).toBeInTheDocument();
    await user.type(screen.getByTestId('action-note'), '已清运');
    expect(screen.queryByText('请填写说明或拍照')).toBeNull();
    await user.click(screen.getByTestId('action-submit'));
    expect(screen.getByText('该类别须上传处置后照片')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('uploads the before and after photos as such, then reports the fix with their ids and the case version', async () => {
    const user = userEvent.setup();
    let n = 0;
    const { calls } = fakeApi({
      ...baseRoutes(),
      'POST /attachments': () => ({ id: `00000000-0000-4000-8000-00000000000${++n}` }),
      'POST /cases/case-77/actions/handle': () => view({ state: 'HANDLED', version: 7 }),
    });
    const onDone = jest.fn();
    renderField(<ActionFields action="handle" view={view()} afterPhotoRequired onDone={onDone} />);
    const jpeg = (name: string) => new File(['jpeg'], name, { type: 'image/jpeg' });
    await user.upload(await screen.findByTestId('album-before'), jpeg('before.jpg'));
    await user.upload(screen.getByTestId('camera-after'), jpeg('after.jpg'));
    await user.type(screen.getByTestId('action-note'), ' 已清运完毕 ');
    await user.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());

    const uploads = calls.filter((c) => c.url.pathname === '/api/v1/attachments');
    expect(uploads.map((u) => (u.body as FormData).get('kind'))).toEqual(['before', 'after']);
    const post = calls.find((c) => c.url.pathname === '/api/v1/cases/case-77/actions/handle');
    expect(post?.body).toEqual({
      version: 6,
      note: '已清运完毕',
      attachmentIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
    });
  });

  it('asks a return for its reason code', async () => {
    const user = userEvent.setup();
    const { calls } = fakeApi({ ...baseRoutes(), 'POST /cases/case-77/actions/request-return': () => view({ state: 'RETURN_REQUESTED', version: 7 }) });
    const onDone = jest.fn();
    renderField(<ActionFields action="request-return" view={view()} afterPhotoRequired={false} onDone={onDone} />);
    await user.click(await screen.findByTestId('action-submit'));
    expect(screen.getByText('请选择原因')).toBeInTheDocument();
    await user.click(screen.getByLabelText('位置错误'));
    await user.click(screen.getByTestId('action-submit'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ version: 6, reasonCode: 'wrong_location' });
  });

  it('explains a refusal in the form (here: the case changed meanwhile)', async () => {
    const user = userEvent.setup();
    fakeApi({ ...baseRoutes(), 'POST /cases/case-77/actions/comment': () => new FakeAnswer(409, { error: { code: 'CONFLICT', message: 'the case changed since you loaded it' } }) });
    const onDone = jest.fn();
    renderField(<ActionFields action="comment" view={view()} afterPhotoRequired={false} onDone={onDone} />);
    await user.type(await screen.findByTestId('action-note'), '物业已通知');
    await user.click(screen.getByTestId('action-submit'));
    expect(await screen.findByTestId('action-refused')).toHaveTextContent('the case changed since you loaded it');
    expect(onDone).not.toHaveBeenCalled();
  });
});
