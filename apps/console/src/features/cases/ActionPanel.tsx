import { App, Button, Modal, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { useLabels } from '../../i18n/labels';
import { ActionForm } from './ActionForm';
import { actionFormSpec, type ActionFormValues } from './action-form-spec';
import type { PhotoUploader } from './attachments-api';
import { CaseMovedNotice, lastSeq } from './CaseMovedNotice';
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
  /**
   * the case is being reloaded: a live event patches the case's own fields at once, its timeline and allowed actions
   * arrive with the reload — until then what changed, and what is allowed now, are not known
   */
  refreshing?: boolean;
}

/** An open form, and the case as it was when the form was opened (to tell what changed under it). */
interface OpenForm {
  action: CaseAction;
  values?: ActionFormValues;
  seenVersion: number;
  seenSeq: string | null;
}

/** What was typed, for another action's form: only the fields that form has (a note carries over, an assignee may not). */
function carryOver(typed: ActionFormValues, to: CaseAction): ActionFormValues {
  const fields = new Set<string>(actionFormSpec(to, { afterPhotoRequired: false }).fields);
  return Object.fromEntries(Object.entries(typed).filter(([k, v]) => fields.has(k) && v !== undefined && v !== '')) as ActionFormValues;
}

/**
 * Exactly the actions `allowedActions` offers this user, each opening the form its inputs need. A form stays open
 * when someone else moves the case meanwhile (a live event, or a 409 on sending): it keeps what was typed, says who
 * did what, and — when its action is no longer allowed — offers the actions that now are, carrying the typing over.
 */
export function ActionPanel({ view, onConflict, uploader, initial, onDone, refreshing = false }: ActionPanelProps) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  const { message } = App.useApp();
  const opened = (action: CaseAction, values?: ActionFormValues): OpenForm => ({ action, values, seenVersion: view.case.version, seenSeq: lastSeq(view) });
  const [open, setOpen] = useState<OpenForm | null>(initial ? opened(initial.action, initial.values) : null);
  const typed = useRef<ActionFormValues>({});
  const allowed = view.allowedActions;
  const main = allowed.filter((a) => !SIDE.includes(a));
  const side = allowed.filter((a) => SIDE.includes(a));
  const start = (a: CaseAction, values?: ActionFormValues) => {
    typed.current = values ?? {};
    setOpen(opened(a, values));
  };
  const button = (a: CaseAction, primary: boolean) => (
    <Button key={a} size="small" type={primary ? 'primary' : 'default'} danger={a === 'void'} onClick={() => start(a)} data-testid={`action-${a}`}>
      {labels.action(a)}
    </Button>
  );
  const moved = !!open && view.case.version !== open.seenVersion;
  const settling = moved && refreshing;
  const stillAllowed = !!open && !settling && allowed.includes(open.action);
  return (
    <>
      {allowed.length === 0 ? (
        <Typography.Text type="secondary" data-testid="no-actions">{t('action.none')}</Typography.Text>
      ) : (
        <Space wrap size={[6, 6]} data-testid="action-panel">
          {main.map((a, i) => button(a, i === 0))}
          {side.map((a) => button(a, false))}
        </Space>
      )}
      <Modal
        open={!!open}
        title={open ? `${labels.action(open.action)} · ${view.case.number}` : ''}
        footer={null}
        onCancel={() => setOpen(null)}
        destroyOnHidden
        width={560}
      >
        {open && moved && (
          <CaseMovedNotice
            view={view}
            afterSeq={open.seenSeq}
            action={open.action}
            stillAllowed={stillAllowed}
            loading={settling}
            onSwitch={(a) => start(a, carryOver(typed.current, a))}
          />
        )}
        {open && (
          <ActionForm
            key={open.action}
            view={view}
            action={open.action}
            initialValues={open.values}
            uploader={uploader}
            disabled={!stillAllowed}
            onValuesChange={(v) => (typed.current = v)}
            onCancel={() => setOpen(null)}
            // the form stays: the case is reloaded, and the notice above it says what happened
            onConflict={onConflict}
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
