import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '@gridops/contracts';
import { caseKeys } from '@gridops/live-client';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { actionBody, type ActionValues, type FieldAction } from './field-actions';
import { actionKey } from './outbox/outbox-entry';
import { useOutbox } from './outbox/OutboxProvider';
import type { Attempt } from './outbox/outbox';
import { toQueued, type PickedPhoto } from './PhotoPicker';

/** How long a form waits on a slow link before handing its submission to the outbox and closing. */
export const FORM_PATIENCE_MS = 10_000;

/**
 * Send an action from the phone through the outbox (so a dropped connection keeps it), and say what happened:
 * done, queued for later, or refused (a 409 reloads the case so the worker sees what changed). `view` is the task as
 * the phone shows it — with the actions already queued for it applied (offline-projection.ts) — and `after` the key
 * of the last of those: the new action is sent after it, in order.
 */
export function useSubmitAction(view: CaseView | undefined, after: string | null = null) {
  const { outbox } = useOutbox();
  const me = useMeRequired();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation('field');
  const labels = useLabels();

  return useCallback(
    async (action: FieldAction, values: ActionValues, photos: PickedPhoto[]): Promise<Attempt> => {
      if (!view) return { outcome: 'duplicate' };
      const c = view.case;
      const knownSeq = view.timeline.length ? view.timeline[view.timeline.length - 1].seq : null;
      const attempt = await outbox.enqueue(
        {
          type: 'action',
          key: actionKey(c.id, action, c.version),
          userId: me.id,
          label: `${c.number} · ${labels.action(action)}`,
          photos: photos.map(toQueued),
          caseId: c.id,
          caseNumber: c.number,
          action,
          body: actionBody(action, values, c.version),
          knownSeq,
          after,
        },
        { waitMs: FORM_PATIENCE_MS },
      );
      const name = labels.action(action);
      if (attempt.outcome === 'sent') void message.success(t('action.sent', { action: name }));
      else if (attempt.outcome === 'queued') void message.info(attempt.error ? t('action.queued') : t('action.stillSending'), 5);
      else if (attempt.outcome === 'rejected' && attempt.error.status === 409) {
        void message.warning(t('action.conflict'), 5);
        void qc.invalidateQueries({ queryKey: caseKeys.detail(c.id) });
      }
      return attempt;
    },
    [view, after, outbox, me.id, labels, message, t, qc],
  );
}
