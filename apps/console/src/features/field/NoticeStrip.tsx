import { BellFilled, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { NotificationMessage } from '@gridops/contracts';
import { noticeTitle } from '@gridops/contracts';

/**
 * New messages while the worker works, collapsed into one line under the title bar: how many came, and the latest.
 * It sits in the page's flow — never over the tab bar or the actions (the toasts it replaces covered both, #15) — and
 * a tap opens the task (one message) or 消息 (several).
 */
export function NoticeStrip({ fresh, onOpen, onDismiss }: { fresh: NotificationMessage[]; onOpen: () => void; onDismiss: () => void }) {
  const { t, i18n } = useTranslation('field');
  if (fresh.length === 0) return null;
  const latest = fresh[fresh.length - 1];
  return (
    <div className="field-notice" role="status" data-testid="notice-strip" data-count={fresh.length}>
      <button type="button" className="grow" onClick={onOpen} data-testid="notice-open">
        <BellFilled />
        {fresh.length > 1 && <span className="count" data-testid="notice-count" title={t('notifications.fresh', { n: fresh.length })}>{fresh.length}</span>}
        <span className="text" data-testid="notice-text">{noticeTitle(latest.kind, latest.params, i18n.language)}</span>
      </button>
      <button type="button" className="close" onClick={onDismiss} aria-label={t('notifications.dismiss')} data-testid="notice-dismiss">
        <CloseOutlined />
      </button>
    </div>
  );
}
