import { Result, Spin } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, type RouteObject } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { LoginPage } from '../auth/LoginPage';
import { AppLayout } from './AppLayout';
import { homeRoute } from './home-route';
import { RequireAuth } from './RequireAuth';

// Screens load on demand: the board's ECharts never weighs on the phone view, and the other way round.
const BoardPage = lazy(() => import('../features/board/BoardPage'));
const DeskPage = lazy(() => import('../features/desk/DeskPage'));
const CaseFilePage = lazy(() => import('../features/cases/CaseFilePage'));
const FieldApp = lazy(() => import('../features/field/FieldApp'));
const AnalyticsPage = lazy(() => import('../features/analytics/AnalyticsPage'));
const AdminPage = lazy(() => import('../features/admin/AdminPage'));
const HotlineImportPage = lazy(() => import('../features/import/HotlineImportPage'));
const WarningsPage = lazy(() => import('../features/warnings/WarningsPage'));
const VideoQueuePage = lazy(() => import('../features/video/VideoQueuePage'));

const page = (node: ReactNode) => <Suspense fallback={<div className="center-screen"><Spin size="large" /></div>}>{node}</Suspense>;

function Home() {
  const { me } = useAuth();
  if (me === undefined) return <div className="center-screen"><Spin size="large" /></div>;
  return <Navigate to={me ? homeRoute(me.role) : '/login'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title={t('error.notFound')} />;
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/', element: <Home /> },
  // the wall board and the phone view bring their own full-screen layouts
  { path: '/board', element: <RequireAuth screen="board">{page(<BoardPage />)}</RequireAuth> },
  { path: '/field/*', element: <RequireAuth screen="field">{page(<FieldApp />)}</RequireAuth> },
  {
    element: <RequireAuth><AppLayout /></RequireAuth>,
    children: [
      { path: '/desk', element: <RequireAuth screen="desk">{page(<DeskPage />)}</RequireAuth> },
      { path: '/cases/:id', element: page(<CaseFilePage />) },
      { path: '/analytics', element: <RequireAuth screen="analytics">{page(<AnalyticsPage />)}</RequireAuth> },
      { path: '/warnings', element: <RequireAuth screen="warnings">{page(<WarningsPage />)}</RequireAuth> },
      { path: '/video', element: <RequireAuth screen="video">{page(<VideoQueuePage />)}</RequireAuth> },
      { path: '/import', element: <RequireAuth screen="import">{page(<HotlineImportPage />)}</RequireAuth> },
      { path: '/admin/*', element: <RequireAuth screen="admin">{page(<AdminPage />)}</RequireAuth> },
      { path: '*', element: <NotFound /> },
    ],
  },
];
