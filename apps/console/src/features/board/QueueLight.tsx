import { useTranslation } from 'react-i18next';
import { formatCount } from './kpi';
import { queueTone } from './queue-health';
import { useQueueStats } from './useLiveSignals';

/**
 * The pipeline's BullMQ queues (from `queue.stats`, every 5 s) as a strip under the map: waiting, active, delayed
 * and failed per queue; a queue turns red as soon as a job failed, yellow when a backlog builds.
 */
export function QueueHealth({ townLevel }: { townLevel: boolean }) {
  const { t } = useTranslation('board');
  const stats = useQueueStats();
  return (
    <div className="board-queues" data-testid="queue-health">
      <span className="board-queues-title">{t('queues.title')}</span>
      {!stats ? (
        <span className="board-queues-none">{townLevel ? t('queues.none') : t('queues.townOnly')}</span>
      ) : (
        stats.queues.map((q) => {
          const tone = queueTone(q);
          return (
            <div key={q.queue} className={`board-queue queue-${tone}`} data-testid={`queue-${q.queue}`} data-tone={tone}>
              <div className="board-queue-name">
                <span className={`queue-dot ${tone}`} />
                {t(`queues.names.${q.queue}`, { defaultValue: q.queue })}
                {q.paused && <span className="queue-paused"> · {t('queues.paused')}</span>}
              </div>
              <div className="board-queue-figures">
                <span>
                  {t('queues.waiting')} <b>{formatCount(q.waiting)}</b>
                </span>
                <span>
                  {t('queues.active')} <b>{formatCount(q.active)}</b>
                </span>
                <span>
                  {t('queues.delayed')} <b>{formatCount(q.delayed)}</b>
                </span>
                <span className={q.failed > 0 ? 'alarm' : undefined}>
                  {t('queues.failed')} <b>{formatCount(q.failed)}</b>
                </span>
              </div>
            </div>
          );
        })
      )}
    </div>
  );
}
