import { useQueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { restoreFieldCache, sessionUserId, syncOnlineManager } from './field-cache';

/**
 * Before the app asks the api anything, the signed-in user's saved snapshot (if any) goes into the query cache: a
 * phone reopened without coverage shows its worker's tasks instead of a login page. Without a session nothing waits.
 */
export function OfflineCacheGate({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [ready, setReady] = useState(() => {
    syncOnlineManager(); // before any query starts
    return sessionUserId() === null;
  });
  // once, at start (`ready` only ever turns true)
  const [waiting] = useState(!ready);
  useEffect(() => {
    if (waiting) void restoreFieldCache(qc, sessionUserId()).finally(() => setReady(true));
  }, [qc, waiting]);
  return ready ? children : <div className="center-screen"><Spin size="large" /></div>;
}
