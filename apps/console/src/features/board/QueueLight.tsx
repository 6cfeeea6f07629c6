import { useTranslation } from 'react-i18next';
import { pipelineHealth } from '../../ui/queue-health';
import { useQueueStats } from './useLiveSignals';

/**
 * The pipeline's health as one light for the room: 处理正常 (every queue flowing) or 处理异常 (a job failed, a queue
 * paused or a backlog building). The figures behind it are on the admin screen (系统管理 → 处理队列). Queue figures
 * go to the town room only, so a 片区 board shows no light.
 */
export function QueueLight({ townLevel }: { townLevel: boolean }) {
  const { t } = useTranslation('board');
  const stats = useQueueStats();
  if (!townLevel) return null;
  const health = stats ? pipelineHealth(stats.queues) : 'unknown';
  return (
    <span className="board-queue-light" data-testid="queue-health" data-health={health}>
      <i aria-hidden />
      {t(`queues.${health}`)}
    </span>
  );
}
