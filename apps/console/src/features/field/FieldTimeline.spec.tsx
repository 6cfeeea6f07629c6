import { render, screen } from '@testing-library/react';
import type { CaseEventView } from '@gridops/contracts';
import '../../i18n';
import { FieldTimeline } from './FieldTimeline';

/** The phone's 流转记录 names the software's steps 系统 — its own code, not the case file's, loads that word. */
const systemStep: CaseEventView = {
  seq: '7',
  type: 'file',
  actor: { id: null, role: 'system', name: 'system' },
  fromState: 'REPORTED',
  toState: 'PENDING_DISPATCH',
  note: null,
  systemNote: null,
  payload: {},
  attachmentIds: [],
  at: '2026-11-26T02:00:00.000Z',
};

it('names a step the software took 系统, never by its message key', () => {
  render(<FieldTimeline events={[systemStep]} attachments={[]} />);
  const timeline = screen.getByTestId('field-timeline');
  expect(timeline).toHaveTextContent('系统');
  expect(timeline).not.toHaveTextContent('timeline.system');
});
