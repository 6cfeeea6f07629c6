import { Layout, Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useMeRequired } from '../auth/AuthProvider';
import { ConnectionBadge } from '../ui/ConnectionBadge';
import { canOpen, type Screen } from './home-route';
import { UserMenu } from './UserMenu';

const NAV: { screen: Screen; path: string }[] = [
  { screen: 'board', path: '/board' },
  { screen: 'desk', path: '/desk' },
  { screen: 'video', path: '/video' },
  { screen: 'field', path: '/field' },
  { screen: 'import', path: '/import' },
  { screen: 'analytics', path: '/analytics' },
  { screen: 'warnings', path: '/warnings' },
  { screen: 'admin', path: '/admin' },
];

/** The light, dense frame of the desk, case file, analytics and admin screens (the wall board has its own). */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useMeRequired();
  const { pathname } = useLocation();
  const items = NAV.filter((n) => canOpen(me.role, n.screen)).map((n) => ({ key: n.path, label: <Link to={n.path}>{t(`nav.${n.screen}`)}</Link> }));
  const selected = NAV.find((n) => pathname.startsWith(n.path))?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header no-print" style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#0b1a33', paddingInline: 20 }}>
        <Link to="/" style={{ color: '#fff', fontWeight: 600, fontSize: 18, whiteSpace: 'nowrap' }}>
          {t('app.title')}
        </Link>
        <Menu theme="dark" mode="horizontal" selectedKeys={selected ? [selected] : []} items={items} style={{ flex: 1, minWidth: 0, background: 'transparent' }} />
        <ConnectionBadge className="header-live" />
        <UserMenu dark />
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
