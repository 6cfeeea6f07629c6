import { CloudOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../../offline/useOfflineCache';
import { townTime } from '../../ui/town-time';

/**
 * Without coverage the phone shows what it saved: says so, and from when ("离线 · 显示 09:41 保存的任务"; the date
 * too when it is not today's). `savedAt`: epoch ms of the oldest data on the screen (0 = none).
 */
export function OfflineNotice({ savedAt, what }: { savedAt: number; what: 'tasks' | 'task' }) {
  const { t } = useTranslation('field');
  const online = useOnline();
  if (online || !savedAt) return null;
  const at = townTime(savedAt);
  const today = at.format('YYYY-MM-DD') === townTime(Date.now()).format('YYYY-MM-DD');
  return (
    <div className="field-banner offline" role="status" data-testid="offline-notice" data-saved-at={savedAt}>
      <CloudOutlined />
      <span className="grow">{t(`offline.${what}`, { at: at.format(today ? 'HH:mm' : 'MM-DD HH:mm') })}</span>
    </div>
  );
}
