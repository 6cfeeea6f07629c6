import { ACTION_INPUTS } from '@gridops/domain';
import { actionBody, fieldActions, FIELD_ACTION_FORMS, formOf, reasonsFor, validateAction, type FieldAction } from './field-actions';

const NOW = new Date('2026-11-26T10:00:00+08:00').getTime();
const ctx = { now: NOW, handlingDueAt: '2026-11-27T10:00:00+08:00', afterPhotoRequired: false };
const none = { note: '', photoCount: {} };

describe('field action forms', () => {
  it('offers the step forward as big buttons and requests behind "more", in a fixed order', () => {
    expect(fieldActions(['comment', 'request-extension', 'handle', 'request-return', 'urge' as never])).toEqual({
      primary: ['handle'],
      more: ['request-extension', 'request-return', 'comment'],
    });
    expect(fieldActions(['check-fail', 'check-pass', 'comment']).primary).toEqual(['check-pass', 'check-fail']);
  });

  it('offers the inputs of the table of action inputs (ACTION_INPUTS), each with its widget', () => {
    for (const action of Object.keys(FIELD_ACTION_FORMS) as FieldAction[]) {
      const { inputs, atLeastOneOf } = ACTION_INPUTS[action];
      const form = formOf(action);
      expect([action, Object.keys(inputs).filter((name) => !['note', 'attachments', 'reasonCode', 'dueAt'].includes(name))]).toEqual([action, []]);
      expect([action, form.note]).toEqual([action, inputs.note?.required ? 'required' : 'optional']);
      expect([action, form.photos]).toEqual([action, inputs.attachments?.photoKinds ?? []]);
      expect([action, form.reason ? reasonsFor(form.reason) : undefined]).toEqual([action, inputs.reasonCode?.values]);
      expect([action, !!form.dueAt, !!form.noteOrPhoto]).toEqual([action, !!inputs.dueAt, !!atLeastOneOf]);
    }
    expect([formOf('accept').instant, formOf('resume').instant, formOf('comment').instant]).toEqual([true, true, undefined]);
  });

  it('asks a fix (处置) for a note or a photo, and for an after-photo where the category wants one', () => {
    expect(validateAction('handle', none, ctx)).toEqual({ note: 'action.noteOrPhoto' });
    expect(validateAction('handle', { note: '已清运', photoCount: {} }, ctx)).toEqual({});
    expect(validateAction('handle', { note: '', photoCount: { before: 1 } }, ctx)).toEqual({});
    const strict = { ...ctx, afterPhotoRequired: true };
    expect(validateAction('handle', { note: '已清运', photoCount: { before: 2 } }, strict)).toEqual({ photos: 'action.afterRequired' });
    expect(validateAction('self-dispose', { note: '', photoCount: { after: 1 } }, strict)).toEqual({});
  });

  it('needs a note for a failed check and a reason for a return or a void', () => {
    expect(validateAction('check-fail', { note: '  ', photoCount: {} }, ctx)).toEqual({ note: 'action.noteRequired' });
    expect(validateAction('check-pass', none, ctx)).toEqual({});
    expect(validateAction('request-return', none, ctx)).toEqual({ reason: 'action.reasonRequired' });
    expect(validateAction('request-return', { ...none, reasonCode: 'duplicate' }, ctx)).toEqual({ reason: 'action.reasonRequired' });
    expect(validateAction('request-return', { ...none, reasonCode: 'wrong_location' }, ctx)).toEqual({});
    expect(validateAction('void', { ...none, reasonCode: 'not_found' }, ctx)).toEqual({});
  });

  it('wants an extension later than now and than the current deadline, with a reason', () => {
    expect(validateAction('request-extension', { note: '等物业', photoCount: {} }, ctx)).toEqual({ dueAt: 'action.dueAtRequired' });
    expect(validateAction('request-extension', { note: '等物业', photoCount: {}, dueAt: '2026-11-27T09:00:00+08:00' }, ctx)).toEqual({ dueAt: 'action.dueAtLater' });
    expect(validateAction('request-extension', { note: '', photoCount: {}, dueAt: '2026-11-29T09:00:00+08:00' }, ctx)).toEqual({ note: 'action.noteRequired' });
    expect(validateAction('request-extension', { note: '等物业', photoCount: {}, dueAt: '2026-11-29T09:00:00+08:00' }, ctx)).toEqual({});
  });

  it('sends exactly the inputs the action takes, trimmed, with the version', () => {
    expect(actionBody('accept', { note: ' ', photoCount: {} }, 4)).toEqual({ version: 4 });
    expect(actionBody('request-return', { note: ' 不归我们 ', photoCount: {}, reasonCode: 'not_our_responsibility' }, 5)).toEqual({
      version: 5,
      note: '不归我们',
      reasonCode: 'not_our_responsibility',
    });
    expect(actionBody('request-extension', { note: 'x', photoCount: {}, dueAt: '2026-11-29T09:00:00+08:00' }, 6)).toEqual({ version: 6, note: 'x', dueAt: '2026-11-29T01:00:00.000Z' });
  });
});
