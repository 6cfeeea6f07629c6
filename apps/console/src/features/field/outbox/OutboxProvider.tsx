import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { caseKeys } from '@gridops/live-client';
import { httpTransport } from './http-transport';
import { IndexedDbOutboxStore, indexedDbAvailable } from './indexeddb-store';
import type { OutboxEntry } from './outbox-entry';
import { MemoryOutboxStore, type OutboxStore } from './outbox-store';
import { Outbox, type OutboxTransport } from './outbox';

interface OutboxContextValue {
  outbox: Outbox;
  /** false when the browser gives no IndexedDB (some private modes): entries then live only as long as the page */
  durable: boolean;
}

const OutboxContext = createContext<OutboxContextValue | null>(null);

/**
 * One outbox per signed-in user of the field view. It retries at once when the phone comes back online, and
 * whatever reaches the server — also long after its form was closed — updates the cached case and lists.
 */
export function OutboxProvider({ userId, children, store, transport }: { userId: string; children: ReactNode; store?: OutboxStore; transport?: OutboxTransport }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation('field');
  const [value, setValue] = useState<OutboxContextValue | null>(null);

  useEffect(() => {
    const durable = store !== undefined || indexedDbAvailable();
    const outbox = new Outbox({
      store: store ?? (durable ? new IndexedDbOutboxStore() : new MemoryOutboxStore()),
      transport: transport ?? httpTransport,
      userId,
    });
    setValue({ outbox, durable });
    const online = () => void outbox.retry();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      outbox.dispose();
    };
  }, [userId, store, transport]);

  useEffect(() => {
    if (!value) return undefined;
    return value.outbox.onSent((entry, result, { background }) => {
      if (result.type === 'action' && entry.type === 'action') qc.setQueryData(caseKeys.detail(entry.caseId), result.view);
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
      // a form that waited announces its own result
      if (background) void message.success(t('outbox.sentOne', { label: entry.label }));
    });
  }, [value, qc, message, t]);

  if (!value) return null;
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): OutboxContextValue {
  const v = useContext(OutboxContext);
  if (!v) throw new Error('useOutbox outside OutboxProvider');
  return v;
}

/** This user's waiting entries, re-rendering on every change. */
export function useOutboxEntries(): OutboxEntry[] {
  const { outbox } = useOutbox();
  return useSyncExternalStore(
    (fn) => outbox.subscribe(fn),
    () => outbox.list(),
  );
}
