import { GlobalOutlined, LogoutOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth, useMeRequired } from '../../auth/AuthProvider';
import { setLanguage } from '../../i18n';
import { useLabels } from '../../i18n/labels';
import { useUnits } from '../../api/queries';

/** 我的: who is signed in (role, 片区 or unit), the language switch and sign-out, in thumb reach. */
export default function MePage() {
  const { t, i18n } = useTranslation('field');
  const { t: tc } = useTranslation();
  const me = useMeRequired();
  const { logout } = useAuth();
  const labels = useLabels();
  const navigate = useNavigate();
  const unit = useUnits().data?.find((u) => u.code === me.unitCode);
  return (
    <div data-testid="me-page">
      <section className="field-section">
        <h2 style={{ fontSize: 20 }}>{me.displayName}</h2>
        <dl className="field-kv">
          <dt>{t('me.role')}</dt>
          <dd>{labels.role(me.role)}</dd>
          {me.districtCode && (
            <>
              <dt>{t('me.district')}</dt>
              <dd>{labels.district(me.districtCode)}</dd>
            </>
          )}
          {me.unitCode && (
            <>
              <dt>{t('me.unit')}</dt>
              <dd>{unit ? labels.name(unit.nameZh, unit.nameEn) : me.unitCode}</dd>
            </>
          )}
        </dl>
      </section>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
        <Button block className="field-big-btn" icon={<GlobalOutlined />} onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')} data-testid="language-switch">
          {tc('action.language')}
        </Button>
        <Button
          block
          danger
          className="field-big-btn"
          icon={<LogoutOutlined />}
          onClick={() => {
            logout();
            void navigate('/login');
          }}
          data-testid="logout"
        >
          {t('me.logout')}
        </Button>
      </div>
    </div>
  );
}
