import { CloudUploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useOutbox, useOutboxEntries } from './outbox/OutboxProvider';

/** "待发送 N" with a manual retry, above the task list while anything waits in the outbox. */
export function PendingBanner() {
  const { t } = useTranslation('field');
  const entries = useOutboxEntries();
  const { outbox } = useOutbox();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  if (entries.length === 0) return null;
  const retry = async () => {
    setBusy(true);
    try {
      await outbox.retry();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="field-banner" role="status" data-testid="pending-banner">
      <CloudUploadOutlined />
      <span className="grow">{t('pending.banner', { n: entries.length })}</span>
      <Button onClick={() => void navigate('/field/outbox')}>{t('pending.tap')}</Button>
      <Button type="primary" loading={busy} onClick={() => void retry()} data-testid="pending-retry">
        {t('pending.retry')}
      </Button>
    </div>
  );
}
