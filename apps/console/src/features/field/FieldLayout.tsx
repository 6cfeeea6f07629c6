import { BellOutlined, CloudUploadOutlined, LeftOutlined, PlusCircleFilled, UnorderedListOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { NotificationMessage } from '@gridops/contracts';
import { registerServiceWorker } from '../../app/service-worker';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLiveEvent, useLiveState } from '../../live/LiveProvider';
import { ConnectionBadge } from '../../ui/ConnectionBadge';
import { NoticeStrip } from './NoticeStrip';
import { useOutboxEntries } from './outbox/OutboxProvider';
import { notificationKeys, useNotifications, type NotificationView } from './useFieldTasks';

type Screen = 'tasks' | 'task' | 'report' | 'outbox' | 'notifications' | 'me';

function screenOf(pathname: string): Screen {
  const rest = pathname.replace(/^\/field\/?/, '');
  if (rest.startsWith('tasks/')) return 'task';
  if (rest.startsWith('report')) return 'report';
  if (rest.startsWith('outbox')) return 'outbox';
  if (rest.startsWith('notifications')) return 'notifications';
  if (rest.startsWith('me')) return 'me';
  return 'tasks';
}

/** The phone frame: title bar (back, live state, 待发送 N), the page, and the bottom navigation. */
export function FieldLayout() {
  const { t } = useTranslation('field');
  const me = useMeRequired();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const screen = screenOf(pathname);
  const pending = useOutboxEntries().length;
  const unread = (useNotifications().data ?? []).filter((n) => !n.readAt).length;
  const qc = useQueryClient();
  // messages that came while the worker was busy: one strip with a counter, not a toast each (#15)
  const [fresh, setFresh] = useState<NotificationMessage[]>([]);

  // a new message (a task dispatched to me, a check assigned…) joins the cached list as it is: no request per message
  const onNotification = useCallback(
    (m: NotificationMessage) => {
      qc.setQueryData<NotificationView[]>(notificationKeys.mine, (list) =>
        list && !list.some((n) => n.id === m.id) ? [{ id: m.id, kind: m.kind, caseId: m.caseId, params: m.params, body: null, createdAt: m.createdAt, readAt: null }, ...list] : list,
      );
      setFresh((f) => [...f.slice(-49), m]);
    },
    [qc],
  );
  useLiveEvent('notification', onNotification);
  // messages are not replayed after a lost connection: the list is read again once it is back (one request)
  const live = useLiveState();
  const wasAway = useRef(false);
  useEffect(() => {
    if (live === 'reconnecting' || live === 'stale') wasAway.current = true;
    else if (live === 'live' && wasAway.current) {
      wasAway.current = false;
      void qc.invalidateQueries({ queryKey: notificationKeys.mine });
    }
  }, [live, qc]);
  // the offline app (service worker); a newer build is offered, never forced
  const [update, setUpdate] = useState<(() => Promise<void>) | null>(null);
  useEffect(() => {
    const apply = registerServiceWorker(() => setUpdate(() => apply));
  }, []);
  // the page's confirmations never block a tap on the phone (field.css)
  useEffect(() => {
    document.body.classList.add('field-body');
    return () => document.body.classList.remove('field-body');
  }, []);
  // reading 消息 is seeing them
  useEffect(() => {
    if (screen === 'notifications') setFresh([]);
  }, [screen]);
  const openFresh = () => {
    const only = fresh.length === 1 ? fresh[0] : null;
    setFresh([]);
    void navigate(only?.caseId ? `/field/tasks/${only.caseId}` : '/field/notifications');
  };

  const sub = screen === 'task' || screen === 'outbox';
  const back = () => (window.history.length > 1 ? void navigate(-1) : void navigate('/field'));
  return (
    <div className="field-app" data-testid="field-app">
      <header className="field-top">
        {sub && <Button type="text" icon={<LeftOutlined />} onClick={back} aria-label="back" data-testid="field-back" />}
        <h1>{t(`title.${screen}`)}</h1>
        {pending > 0 && screen !== 'outbox' && (
          <button type="button" className="field-outbox-chip" onClick={() => void navigate('/field/outbox')} data-testid="outbox-chip">
            <CloudUploadOutlined /> {t('pending.banner', { n: pending })}
          </button>
        )}
        <ConnectionBadge className="field-live" />
      </header>
      {update && (
        <div className="field-notice" role="status" data-testid="app-update">
          <button type="button" className="grow" onClick={() => void update()}>{t('update.ready')}</button>
        </div>
      )}
      <NoticeStrip fresh={fresh} onOpen={openFresh} onDismiss={() => setFresh([])} />
      <main className="field-main">
        <Outlet />
      </main>
      <nav className="field-nav" aria-label={t('title.tasks')}>
        <NavLink to="/field" end data-testid="nav-tasks">
          <UnorderedListOutlined />
          {t('nav.tasks')}
        </NavLink>
        {me.role === 'grid_worker' && (
          <NavLink to="/field/report" className="field-nav-report" data-testid="nav-report">
            <PlusCircleFilled />
            {t('nav.report')}
          </NavLink>
        )}
        <NavLink to="/field/notifications" data-testid="nav-notifications">
          {/* the count sits inside the badge's box (padded around the bell), not past it */}
          <Badge count={unread} size="small" offset={[-8, 0]}>
            <span className="field-nav-bell"><BellOutlined /></span>
          </Badge>
          {t('nav.notifications')}
        </NavLink>
        <NavLink to="/field/me" data-testid="nav-me">
          <UserOutlined />
          {t('nav.me')}
        </NavLink>
      </nav>
    </div>
  );
}
