import { Button, Empty, Result, Skeleton } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/http';
import { noticeText } from './local-text';
import { notificationKeys, useNotifications, type NotificationView } from './useFieldTasks';
import { townTime } from '../../ui/town-time';

/** 消息: what was sent to me (a task dispatched, a check assigned, a deadline near); tap to open the task. */
export default function NotificationsPage() {
  const { t, i18n } = useTranslation('field');
  const { t: tc } = useTranslation();
  const list = useNotifications();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const markRead = useMutation({
    mutationFn: (ids: string[]) => api<{ marked: number }>('/notifications/read', { method: 'POST', body: { ids } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.mine }),
  });
  if (list.isLoading) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (list.error) return <Result status="warning" title={t('notifications.loadFailed')} extra={<Button size="large" onClick={() => void list.refetch()}>{tc('action.retry')}</Button>} />;
  const items = list.data ?? [];
  const unread = items.filter((n) => !n.readAt);
  if (items.length === 0) return <Empty style={{ marginTop: 48 }} description={t('empty.notifications')} />;
  const open = (n: NotificationView) => {
    if (!n.readAt) markRead.mutate([n.id]);
    if (n.caseId) void navigate(`/field/tasks/${n.caseId}`);
  };
  return (
    <div data-testid="notifications">
      {unread.length > 0 && (
        <div style={{ display: 'flex', alignItems: 'center', marginBottom: 10 }}>
          <span style={{ flex: 1, color: '#5c6573' }}>{t('notifications.unread', { n: unread.length })}</span>
          <Button onClick={() => markRead.mutate(unread.slice(0, 200).map((n) => n.id))} loading={markRead.isPending} style={{ height: 40 }}>
            {t('notifications.markAll')}
          </Button>
        </div>
      )}
      {items.map((n) => (
        <button key={n.id} type="button" className={`notice-item${n.readAt ? '' : ' unread'}`} onClick={() => open(n)}>
          {noticeText(n.title, i18n.language)}
          {n.body && <span style={{ display: 'block', fontWeight: 400, color: '#4a5363', fontSize: 14 }}>{n.body}</span>}
          <span className="when">{townTime(n.createdAt).format('MM-DD HH:mm')}</span>
        </button>
      ))}
    </div>
  );
}
