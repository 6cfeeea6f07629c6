import { CloudUploadOutlined, DeleteOutlined, ReloadOutlined, WifiOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../ui/useNow';
import type { OutboxEntry } from './outbox/outbox-entry';
import { useOutbox, useOutboxEntries } from './outbox/OutboxProvider';
import { townTime } from '../../ui/town-time';

/** 待发送: what the phone still holds, why, when it tries again; retry now or delete. */
export default function OutboxPage() {
  const { t } = useTranslation('field');
  const entries = useOutboxEntries();
  const { outbox, durable } = useOutbox();
  const online = useOnline();
  const [busy, setBusy] = useState(false);
  const retryAll = async () => {
    setBusy(true);
    try {
      await outbox.retry();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="outbox-page">
      {!durable && <Alert type="warning" showIcon title={t('outbox.memoryOnly')} style={{ marginBottom: 12 }} />}
      {!online && <Alert type="info" showIcon icon={<WifiOutlined />} title={t('outbox.offline')} style={{ marginBottom: 12 }} />}
      {entries.length === 0 ? (
        <Empty style={{ marginTop: 48 }} description={t('empty.outbox')} />
      ) : (
        <>
          <Button type="primary" block className="field-big-btn" icon={<ReloadOutlined />} loading={busy} onClick={() => void retryAll()} style={{ marginBottom: 12 }} data-testid="outbox-retry-all">
            {t('outbox.retryAll')}
          </Button>
          {entries.map((e) => <OutboxItem key={e.key} entry={e} />)}
        </>
      )}
    </div>
  );
}

function OutboxItem({ entry }: { entry: OutboxEntry }) {
  const { t } = useTranslation('field');
  const { outbox } = useOutbox();
  const { modal } = App.useApp();
  const now = useNow(1000);
  const wait = Math.max(0, Math.ceil((entry.nextAttemptAt - now) / 1000));
  const status =
    entry.status === 'failed'
      ? null
      : entry.attempts === 0
        ? t('outbox.waiting')
        : wait > 0
          ? t('outbox.nextTry', { time: wait >= 60 ? `${Math.ceil(wait / 60)}min` : `${wait}s` })
          : t('outbox.sending');
  return (
    <div className="outbox-item" data-testid="outbox-item" data-status={entry.status}>
      <div className="title"><CloudUploadOutlined /> {entry.label}</div>
      <div className="meta">
        {townTime(entry.createdAt).format('MM-DD HH:mm')}
        {entry.photos.length > 0 && ` · ${t('outbox.photos', { n: entry.photos.length })}`}
        {entry.attempts > 0 && ` · ${t('outbox.attempts', { n: entry.attempts })}`}
        {status && ` · ${status}`}
      </div>
      {entry.lastError && entry.status === 'failed' && <div className="err">{t('outbox.failed', { message: entry.lastError.message })}</div>}
      {entry.lastError && entry.status === 'pending' && <div className="meta">{entry.lastError.message}</div>}
      <div className="buttons">
        <Button icon={<ReloadOutlined />} onClick={() => void outbox.retry(entry.key)} data-testid="outbox-retry">{t('outbox.retry')}</Button>
        <Button
          danger
          icon={<DeleteOutlined />}
          onClick={() =>
            modal.confirm({ title: t('outbox.discardConfirm'), okType: 'danger', okText: t('outbox.discard'), centered: true, onOk: () => outbox.discard(entry.key) })
          }
          data-testid="outbox-discard"
        >
          {t('outbox.discard')}
        </Button>
      </div>
    </div>
  );
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}
