import { CloudUploadOutlined, DeleteOutlined, ReloadOutlined, WifiOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
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
          {entries.map((e) => <OutboxItem key={e.key} entry={e} waitsFor={e.type === 'action' && e.after ? entries.find((x) => x.key === e.after) : undefined} />)}
        </>
      )}
    </div>
  );
}

function OutboxItem({ entry, waitsFor }: { entry: OutboxEntry; waitsFor?: OutboxEntry }) {
  const { t } = useTranslation('field');
  const labels = useLabels();
  const { outbox } = useOutbox();
  const { modal } = App.useApp();
  const now = useNow(1000);
  const [busy, setBusy] = useState(false);
  const wait = Math.max(0, Math.ceil((entry.nextAttemptAt - now) / 1000));
  // a refused action: the case moved on meanwhile (409) or the action is no longer offered — said plainly
  const conflict = entry.type === 'action' && entry.status === 'failed' && (entry.lastError?.status === 409 || entry.lastError?.code === 'NOT_ALLOWED_NOW');
  const nowState = entry.lastError?.code === 'NOT_ALLOWED_NOW' ? labels.state(entry.lastError.message as never) : null;
  const note = entry.type === 'action' ? (entry.body as { note?: string }).note : entry.body.description;
  const resend = async () => {
    setBusy(true);
    try {
      if (entry.type === 'action' && entry.status === 'failed') await outbox.rebase(entry.key);
      else await outbox.retry(entry.key);
    } finally {
      setBusy(false);
    }
  };
  const status =
    entry.status === 'failed'
      ? null
      : waitsFor
        ? t('outbox.waitsFor', { label: waitsFor.label })
        : entry.attempts === 0
        ? t('outbox.waiting')
        : wait > 0
          ? t('outbox.nextTry', { time: wait >= 60 ? `${Math.ceil(wait / 60)}min` : `${wait}s` })
          : t('outbox.sending');
  return (
    <div className="outbox-item" data-testid="outbox-item" data-status={entry.status} data-conflict={conflict ? 'true' : 'false'}>
      <div className="title"><CloudUploadOutlined /> {entry.label}</div>
      {conflict && (
        <div className="err" data-testid="outbox-conflict">
          {nowState ? t('outbox.conflictNow', { state: nowState }) : t('outbox.conflict')}
        </div>
      )}
      {note && <div className="note" data-testid="outbox-note">{note}</div>}
      <QueuedPhotos entry={entry} />
      <div className="meta">
        {townTime(entry.createdAt).format('MM-DD HH:mm')}
        {entry.photos.length > 0 && ` · ${t('outbox.photos', { n: entry.photos.length })}`}
        {entry.attempts > 0 && ` · ${t('outbox.attempts', { n: entry.attempts })}`}
        {status && ` · ${status}`}
      </div>
      {entry.lastError && entry.status === 'failed' && !conflict && <div className="err">{t('outbox.failed', { message: entry.lastError.message })}</div>}
      {entry.lastError && entry.status === 'pending' && <div className="meta">{entry.lastError.message}</div>}
      <div className="buttons">
        <Button icon={<ReloadOutlined />} loading={busy} onClick={() => void resend()} data-testid="outbox-retry">
          {conflict ? t('outbox.resendNow') : t('outbox.retry')}
        </Button>
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

/** The photos an entry still holds (nothing photographed is lost while it waits or after a refusal). */
function QueuedPhotos({ entry }: { entry: OutboxEntry }) {
  const urls = useMemo(() => entry.photos.map((p) => URL.createObjectURL(p.blob)), [entry.photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  if (urls.length === 0) return null;
  return (
    <div className="outbox-photos" data-testid="outbox-photos">
      {urls.map((u, i) => <img key={u} src={u} alt={entry.photos[i].kind} />)}
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
