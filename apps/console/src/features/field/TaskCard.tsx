import { EnvironmentOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary } from '@gridops/contracts';
import { Countdown } from '../../ui/Countdown';
import { StateTag } from '../../ui/StateTag';
import { taskClock } from './task-sort';

/** One task as a large touch target: category, state, address, number and the deadline counting down. */
export function TaskCard({ task, categoryName, gridName, showDeadline = true }: { task: CaseSummary; categoryName: string; gridName: string; showDeadline?: boolean }) {
  const { t } = useTranslation('field');
  const clock = taskClock(task);
  const light = task.light ?? 'none';
  return (
    <Link to={`/field/tasks/${task.id}`} className={`task-card light-${light}`} data-testid="task-card" data-light={light} data-number={task.number}>
      <div className="row">
        <span className="cat">{categoryName}</span>
        <span className="flags">
          {task.urgent && <Tag color="red">{t('list.urgent')}</Tag>}
          {task.supervised && <Tag color="volcano">{t('list.supervised')}</Tag>}
        </span>
        <StateTag state={task.state} />
      </div>
      <div className="row">
        <EnvironmentOutlined style={{ color: '#5f6878' }} />
        <span className="addr">{task.address || gridName}</span>
      </div>
      <div className="row">
        <span className="num">{task.number}</span>
        {showDeadline && (
          <span className="due" data-testid="task-clock" data-measure={clock?.measure ?? 'none'}>
            {clock ? (
              <>
                <span className="due-label">{t(`clock.${clock.measure}`)}</span>
                <Countdown dueAt={clock.dueAt} yellowAt={clock.yellowAt} light={task.light} />
              </>
            ) : (
              <span style={{ color: '#5f6878', fontSize: 13 }}>{t('list.noDeadline')}</span>
            )}
          </span>
        )}
      </div>
    </Link>
  );
}
