import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { useLabels } from '../../i18n/labels';
import { townTime } from '../../ui/town-time';
import './messages';

/** The newest timeline seq of a case (seqs are bigints as strings), or null when it has none. */
export const lastSeq = (view: CaseView): string | null => view.timeline.at(-1)?.seq ?? null;

const after = (seq: string, than: string | null) => than === null || BigInt(seq) > BigInt(than);

/**
 * Above an open action form whose case moved meanwhile: who did what ("已被 张敏 派核实"), and — when the form's
 * own action is no longer allowed — the actions that are now, one click each.
 */
export function CaseMovedNotice({ view, afterSeq, action, stillAllowed, loading, onSwitch }: {
  view: CaseView;
  afterSeq: string | null;
  action: CaseAction;
  stillAllowed: boolean;
  /** the case's timeline and allowed actions are being reloaded */
  loading: boolean;
  onSwitch: (a: CaseAction) => void;
}) {
  const { t } = useTranslation('cases');
  const labels = useLabels();
  if (loading) return <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="case-moved" title={t('moved.loading')} />;
  const changes = view.timeline.filter((e) => after(e.seq, afterSeq));
  const latest = changes.at(-1);
  const what = latest ? (latest.type === 'report' ? t('event.report') : labels.action(latest.type)) : '';
  const who = latest ? (latest.actor.role === 'system' ? t('timeline.system') : latest.actor.name) : '';
  const happened = latest
    ? t('moved.by', { who, what, time: townTime(latest.at).format('HH:mm'), state: labels.state(view.case.state) })
    : t('moved.unknown', { state: labels.state(view.case.state) });
  const now = view.allowedActions.filter((a) => a !== action);
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="case-moved"
      title={happened}
      description={
        stillAllowed ? (
          t('moved.stillAllowed', { action: labels.action(action) })
        ) : (
          <Space orientation="vertical" size={6}>
            <span>{t(now.length ? 'moved.notAllowed' : 'moved.nothingAllowed', { action: labels.action(action) })}</span>
            {now.length > 0 && (
              <Space wrap size={[6, 6]} data-testid="case-moved-actions">
                {now.map((a) => (
                  <Button key={a} size="small" onClick={() => onSwitch(a)} data-testid={`moved-action-${a}`}>
                    {labels.action(a)}
                  </Button>
                ))}
              </Space>
            )}
          </Space>
        )
      }
    />
  );
}
