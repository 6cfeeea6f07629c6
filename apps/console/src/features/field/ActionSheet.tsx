import { Alert, Button, Drawer, Input, Radio } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type AttachmentKind, type CaseView } from '@gridops/contracts';
import { useLabels } from '../../i18n/labels';
import { formOf, reasonsFor, validateAction, type ActionValues, type FieldAction } from './field-actions';
import { PhotoPicker, useRevokeOnUnmount, type PickedPhoto } from './PhotoPicker';
import { FormField } from './FormField';
import { useSubmitAction } from './useSubmitAction';

const PHOTO_LABEL: Record<AttachmentKind, string> = { before: 'action.photosBefore', after: 'action.photosAfter', other: 'action.photos', report: 'action.photos' };

/** The form of one action in a bottom sheet, with exactly the inputs that action takes. */
export function ActionSheet({ action, view, after = null, afterPhotoRequired, onClose }: { action: FieldAction; view: CaseView; after?: string | null; afterPhotoRequired: boolean; onClose: () => void }) {
  return (
    <Drawer open placement="bottom" size="auto" onClose={onClose} title={<ActionTitle action={action} />} className="field-sheet" destroyOnHidden styles={{ body: { maxHeight: '78vh', overflowY: 'auto' } }}>
      <ActionFields action={action} view={view} after={after} afterPhotoRequired={afterPhotoRequired} onDone={onClose} />
    </Drawer>
  );
}

function ActionTitle({ action }: { action: FieldAction }) {
  const labels = useLabels();
  return <>{labels.action(action)}</>;
}

export function ActionFields({ action, view, after = null, afterPhotoRequired, onDone }: { action: FieldAction; view: CaseView; after?: string | null; afterPhotoRequired: boolean; onDone: () => void }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const form = formOf(action);
  const submit = useSubmitAction(view, after);
  const [note, setNote] = useState('');
  const [reasonCode, setReason] = useState<string | undefined>();
  const [dueAt, setDueAt] = useState(() => defaultDueAt(view.case.handlingDueAt));
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  useRevokeOnUnmount(photos);

  const values: ActionValues = {
    note,
    reasonCode,
    dueAt: form.dueAt ? dueAt : undefined,
    photoCount: photos.reduce<Partial<Record<AttachmentKind, number>>>((n, p) => ({ ...n, [p.kind]: (n[p.kind] ?? 0) + 1 }), {}),
  };
  const errors = validateAction(action, values, { now: Date.now(), handlingDueAt: view.case.handlingDueAt, afterPhotoRequired });
  const shown = tried ? errors : {};

  const send = async () => {
    setTried(true);
    if (Object.keys(errors).length) return;
    setBusy(true);
    setRefusal(null);
    try {
      const attempt = await submit(action, values, photos);
      if (attempt.outcome === 'rejected') setRefusal(attempt.error.message);
      else onDone();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="field-form" data-testid={`action-form-${action}`}>
      {form.reason && (
        <FormField label={t('action.reason')} error={shown.reason && t(shown.reason)}>
          <Radio.Group value={reasonCode} onChange={(e) => setReason(e.target.value as string)} style={{ display: 'flex', flexDirection: 'column' }}>
            {reasonsFor(form.reason).map((r) => (
              <Radio key={r} value={r} style={{ minHeight: 44, alignItems: 'center', fontSize: 16 }}>
                {t(`reasons.${form.reason}.${r}`)}
              </Radio>
            ))}
          </Radio.Group>
        </FormField>
      )}
      {form.dueAt && (
        <FormField label={t('action.dueAt')} error={shown.dueAt && t(shown.dueAt)}>
          <Input type="datetime-local" size="large" value={dueAt} onChange={(e) => setDueAt(e.target.value)} data-testid="action-due" />
        </FormField>
      )}
      {form.photos.map((kind) => (
        <FormField key={kind} label={t(PHOTO_LABEL[kind]) + (kind === 'after' && afterPhotoRequired ? ' *' : '')} error={kind === 'after' ? shown.photos && t(shown.photos) : undefined}>
          <PhotoPicker kind={kind} photos={photos} onChange={setPhotos} max={LIMITS.photos} />
        </FormField>
      ))}
      <FormField label={t('action.note') + (form.note === 'required' ? ' *' : '')} error={shown.note && t(shown.note)}>
        <Input.TextArea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('action.notePlaceholder')}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={LIMITS.note}
          data-testid="action-note"
        />
      </FormField>
      {refusal && <Alert type="error" showIcon title={t('action.rejected', { message: refusal })} style={{ marginBottom: 12 }} data-testid="action-refused" />}
      <Button type="primary" danger={!!form.danger} block autoInsertSpace={false} className="field-big-btn" loading={busy} onClick={() => void send()} data-testid="action-submit">
        {labels.action(action)}
      </Button>
    </div>
  );
}

/** An extension request starts one day past the current deadline (or tomorrow), in the phone's local time. */
function defaultDueAt(handlingDueAt: string | null): string {
  const base = handlingDueAt && dayjs(handlingDueAt).isAfter(dayjs()) ? dayjs(handlingDueAt) : dayjs();
  return base.add(1, 'day').format('YYYY-MM-DDTHH:mm');
}
