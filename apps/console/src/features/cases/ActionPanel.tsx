import { App, Button, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { useLabels } from '../../i18n/labels';
import { ActionForm } from './ActionForm';
import type { ActionFormValues } from './action-form-spec';
import type { PhotoUploader } from './attachments-api';
import './messages';

/** Side actions any open case takes; everything else moves the case along its loop and is shown first. */
const SIDE: readonly CaseAction[] = ['urge', 'escalate', 'merge', 'comment', 'void'];

interface ActionPanelProps {
  view: CaseView;
  onConflict: () => void;
  uploader?: PhotoUploader;
  /** open this action's form right away (e.g. merge from the duplicate comparison) */
  initial?: { action: CaseAction; values?: ActionFormValues } | null;
  onDone?: (action: CaseAction, view: CaseView) => void;
}

/** Exactly the actions `allowedActions` offers this user, each opening the form its inputs need. */
export function ActionPanel({ view, onConflict, uploader, initial, onDone }: ActionPanelProps) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const { message } = App.useApp();
  const [open, setOpen] = useState<{ action: CaseAction; values?: ActionFormValues } | null>(initial ?? null);
  const allowed = view.allowedActions;
  if (allowed.length === 0) return <Typography.Text type="secondary" data-testid="no-actions">{t('action.none')}</Typography.Text>;
  const main = allowed.filter((a) => !SIDE.includes(a));
  const side = allowed.filter((a) => SIDE.includes(a));
  const button = (a: CaseAction, primary: boolean) => (
    <Button
      key={a}
      size="small"
      type={primary ? 'primary' : 'default'}
      danger={a === 'void'}
      onClick={() => setOpen({ action: a })}
      data-testid={`action-${a}`}
    >
      {labels.action(a)}
    </Button>
  );
  return (
    <>
      <Space wrap size={[6, 6]} data-testid="action-panel">
        {main.map((a, i) => button(a, i === 0))}
        {side.map((a) => button(a, false))}
      </Space>
      <Modal
        open={!!open && allowed.includes(open.action)}
        title={open ? `${labels.action(open.action)} · ${view.case.number}` : ''}
        footer={null}
        onCancel={() => setOpen(null)}
        destroyOnHidden
        width={560}
      >
        {open && (
          <ActionForm
            view={view}
            action={open.action}
            initialValues={open.values}
            uploader={uploader}
            onCancel={() => setOpen(null)}
            onConflict={() => {
              setOpen(null);
              onConflict();
            }}
            onDone={(next) => {
              void message.success(t('action.done', { action: labels.action(open.action) }));
              setOpen(null);
              onDone?.(open.action, next);
            }}
          />
        )}
      </Modal>
    </>
  );
}
