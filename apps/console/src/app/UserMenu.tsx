import { GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { setLanguage } from '../i18n';
import { useLabels } from '../i18n/labels';

/** Name, role and 片区 of the signed-in user, the language switch and sign-out; used by every layout. */
export function UserMenu({ dark = false }: { dark?: boolean }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  if (!me) return null;
  const color = dark ? '#e8eef9' : undefined;
  const where = me.districtCode ? labels.district(me.districtCode) : me.unitCode ?? t('misc.town');
  return (
    <Space size="middle" data-testid="user-menu">
      <Button
        type="text"
        icon={<GlobalOutlined />}
        style={{ color }}
        onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}
        data-testid="language-switch"
      >
        {t('action.language')}
      </Button>
      <Dropdown
        menu={{
          items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('action.logout') }],
          onClick: () => {
            logout();
            void navigate('/login');
          },
        }}
      >
        <Button type="text" icon={<UserOutlined />} style={{ color }} data-testid="user-name">
          {me.displayName} · {labels.role(me.role)} · {where}
        </Button>
      </Dropdown>
    </Space>
  );
}
