import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useMeRequired } from '../../auth/AuthProvider';
import { usePersistFieldCache } from '../../offline/useOfflineCache';
import { FieldLayout } from './FieldLayout';
import { OutboxProvider } from './outbox/OutboxProvider';
import { TaskListPage } from './TaskListPage';
import './field.css';
import './messages';

// the task list opens first; the rest loads when first used (the phone may be on a slow link)
const TaskDetailPage = lazy(() => import('./TaskDetailPage'));
const ReportPage = lazy(() => import('./ReportPage'));
const OutboxPage = lazy(() => import('./OutboxPage'));
const NotificationsPage = lazy(() => import('./NotificationsPage'));
const MePage = lazy(() => import('./MePage'));

const wait = <div className="center-screen"><Spin size="large" /></div>;

/** The field view (网格员 / 处置单位) at /field/*: a phone layout with its own routes and an offline outbox. */
export default function FieldApp() {
  const me = useMeRequired();
  // the lists, task files and names are saved for this worker: a reload without coverage still shows them
  usePersistFieldCache(me.id);
  return (
    <OutboxProvider userId={me.id}>
      <Routes>
        <Route element={<FieldLayout />}>
          <Route index element={<TaskListPage />} />
          <Route path="tasks/:id" element={<Suspense fallback={wait}><TaskDetailPage /></Suspense>} />
          <Route path="report" element={<Suspense fallback={wait}><ReportPage /></Suspense>} />
          <Route path="outbox" element={<Suspense fallback={wait}><OutboxPage /></Suspense>} />
          <Route path="notifications" element={<Suspense fallback={wait}><NotificationsPage /></Suspense>} />
          <Route path="me" element={<Suspense fallback={wait}><MePage /></Suspense>} />
          <Route path="*" element={<Navigate to="/field" replace />} />
        </Route>
      </Routes>
    </OutboxProvider>
  );
}
