import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { HttpError } from '../api/http';
import { homeRoute } from '../app/home-route';
import { UserMenu } from '../app/UserMenu';
import { setLanguage } from '../i18n';
import { useAuth } from './AuthProvider';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  if (me) return <Navigate to={from ?? homeRoute(me.role)} replace />;

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(v.username.trim(), v.password);
      void navigate(from ?? homeRoute(user.role), { replace: true });
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 0;
      setError(status === 401 ? t('login.failed') : status === 429 ? t('login.tooMany') : status === 0 ? t('error.network') : t('error.generic'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        {me ? <UserMenu dark /> : (
          <Button type="text" style={{ color: '#e8eef9' }} onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')} data-testid="language-switch">
            {t('action.language')}
          </Button>
        )}
      </div>
      <Card style={{ width: 'min(400px, 92vw)' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>{t('app.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">{t('login.submit')}</Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>{t('login.demo')}</Typography.Paragraph>
      </Card>
    </div>
  );
}
