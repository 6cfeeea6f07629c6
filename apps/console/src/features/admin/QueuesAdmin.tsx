import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Table, Tag } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueStats } from '@gridops/contracts';
import { api } from '../../api/http';
import { useLiveEvent } from '../../live/LiveProvider';
import { queueTone, type QueueTone } from '../../ui/queue-health';
import { errorText } from './form-errors';

const KEY = ['admin', 'queues'];
const TONE_COLOR: Record<QueueTone, string> = { ok: 'success', busy: 'warning', failed: 'error', paused: 'default' };

/**
 * 处理队列: the figures behind the wall board's one pipeline light — waiting, active, delayed, failed, done per
 * BullMQ queue (`GET /queues`, then the worker's `queue.stats` push every 5 s) — and a retry of a queue's failed jobs.
 */
export function QueuesAdmin() {
  const { t } = useTranslation('admin');
  const qc = useQueryClient();
  const { message } = App.useApp();
  const queues = useQuery({ queryKey: KEY, queryFn: () => api<QueueStats[]>('/queues') });
  useLiveEvent('queue.stats', useCallback((m: { queues: QueueStats[] }) => qc.setQueryData(KEY, m.queues), [qc]));
  const retry = useMutation({
    mutationFn: (queue: string) => api<{ retried: number }>(`/queues/${queue}/retry-failed`, { method: 'POST' }),
    onSuccess: (r) => {
      void message.success(t('queues.retried', { n: r.retried }));
      void qc.invalidateQueries({ queryKey: KEY });
    },
    onError: (e) => void message.error(errorText(e)),
  });
  return (
    <Table<QueueStats>
      rowKey="queue"
      size="middle"
      loading={queues.isLoading}
      dataSource={queues.data ?? []}
      pagination={false}
      data-testid="admin-queues"
      columns={[
        { title: t('queues.queue'), dataIndex: 'queue', render: (q: string) => t(`queues.names.${q}`, { defaultValue: q }) },
        {
          title: t('queues.state'),
          key: 'state',
          render: (_: unknown, q) => {
            const tone = queueTone(q);
            return <Tag color={TONE_COLOR[tone]}>{t(`queues.tone.${tone}`)}</Tag>;
          },
        },
        { title: t('queues.waiting'), dataIndex: 'waiting', align: 'right' },
        { title: t('queues.active'), dataIndex: 'active', align: 'right' },
        { title: t('queues.delayed'), dataIndex: 'delayed', align: 'right' },
        { title: t('queues.failed'), dataIndex: 'failed', align: 'right' },
        { title: t('queues.completed'), dataIndex: 'completed', align: 'right' },
        {
          title: '',
          key: 'retry',
          render: (_: unknown, q) =>
            q.failed > 0 && (
              <Button size="small" onClick={() => retry.mutate(q.queue)} loading={retry.isPending && retry.variables === q.queue}>
                {t('queues.retry')}
              </Button>
            ),
        },
      ]}
    />
  );
}
