import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { LiveProvider } from '../live/LiveProvider';
import { canOpen, type Screen } from './home-route';

/** Signed-in users only (else to /login, coming back afterwards); optionally only roles that may open `screen`. */
export function RequireAuth({ screen, children }: { screen?: Screen; children: ReactNode }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <div className="center-screen"><Spin size="large" /></div>;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (screen && !canOpen(me.role, screen)) return <Result status="403" title={t('error.forbidden')} />;
  return <LiveProvider userId={me.id}>{children}</LiveProvider>;
}
