import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMeRequired } from '../../auth/AuthProvider';
import { ApiKeysAdmin } from './ApiKeysAdmin';
import { CalendarAdmin } from './CalendarAdmin';
import { CamerasAdmin } from './CamerasAdmin';
import { CategoriesAdmin } from './CategoriesAdmin';
import { DevicesAdmin } from './DevicesAdmin';
import { GeographyAdmin } from './GeographyAdmin';
import { QueuesAdmin } from './QueuesAdmin';
import { RosterAdmin } from './RosterAdmin';
import { UsersAdmin } from './UsersAdmin';
import { AddressesAdmin } from '../addresses/AddressesAdmin';
import './messages';

const TABS = { users: UsersAdmin, categories: CategoriesAdmin, roster: RosterAdmin, calendar: CalendarAdmin, apiKeys: ApiKeysAdmin, devices: DevicesAdmin, cameras: CamerasAdmin, addresses: AddressesAdmin, queues: QueuesAdmin, geography: GeographyAdmin };
type Tab = keyof typeof TABS;

/** 系统管理. Admins see everything; a shift lead keeps the duty roster. The tab is in the URL (/admin/roster). */
export default function AdminPage() {
  const { t } = useTranslation('admin');
  const me = useMeRequired();
  const navigate = useNavigate();
  const tabs: Tab[] = me.role === 'admin' ? ['users', 'categories', 'roster', 'calendar', 'apiKeys', 'devices', 'cameras', 'addresses', 'queues', 'geography'] : ['roster'];
  const param = useParams()['*'] as Tab | undefined;
  const active: Tab = param && tabs.includes(param) ? param : tabs[0];
  return (
    <div data-testid="admin-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('title')}</Typography.Title>
      <Tabs
        activeKey={active}
        onChange={(k) => void navigate(`/admin/${k}`)}
        destroyOnHidden
        items={tabs.map((k) => {
          const Panel = TABS[k];
          return { key: k, label: t(`tabs.${k}`), children: <Panel /> };
        })}
      />
    </div>
  );
}
