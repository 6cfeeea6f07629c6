import { Button, Empty, Result, Skeleton } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMeRequired } from '../../auth/AuthProvider';
import { useNow } from '../../ui/useNow';
import { tabsFor, type FieldTab } from './field-tabs';
import { OfflineNotice } from './OfflineNotice';
import { PendingBanner } from './PendingBanner';
import { TaskCard } from './TaskCard';
import { isOverdue } from './task-sort';
import { useCategoryName } from './useCategoryNames';
import { usePrefetchDetails, useTab, type TabData } from './useFieldTasks';
import { useGridName } from './useGridNames';

/** 我的任务: tabs 待签收 / 处置中 / 待核查 / 已完成, each nearest deadline first, overdue on top in red. */
export function TaskListPage() {
  const { t } = useTranslation('field');
  const me = useMeRequired();
  const tabs = tabsFor(me);
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as FieldTab | null;
  const current: FieldTab = asked && tabs.includes(asked) ? asked : 'accept';
  // every tab is fetched, so each shows its count; the live client keeps them all current
  const data: Record<FieldTab, TabData> = {
    accept: useTab('accept', me),
    doing: useTab('doing', me),
    check: useTab('check', me),
    done: useTab('done', me),
  };
  const now = useNow(60_000);
  // the open tasks' files, ready for a basement (the finished ones are not needed offline)
  const open = useMemo(() => [...data.accept.tasks, ...data.doing.tasks, ...data.check.tasks], [data.accept.tasks, data.doing.tasks, data.check.tasks]);
  usePrefetchDetails(open);

  return (
    <>
      <div className="field-tabs" role="tablist" style={{ ['--tabs' as string]: tabs.length }}>
        {tabs.map((tab) => {
          const d = data[tab];
          const overdue = tab !== 'done' && d.tasks.some((c) => isOverdue(c, now));
          return (
            <button
              key={tab}
              type="button"
              role="tab"
              aria-selected={tab === current}
              onClick={() => setParams(tab === 'accept' ? {} : { tab }, { replace: true })}
              data-testid={`tab-${tab}`}
            >
              {t(`tabs.${tab}`)}
              {tab !== 'done' && !d.isLoading && d.tasks.length > 0 && <span className={`count${overdue ? ' hot' : ''}`}>{d.tasks.length}</span>}
            </button>
          );
        })}
      </div>
      <OfflineNotice what="tasks" savedAt={Math.min(...tabs.map((tab) => data[tab].updatedAt))} />
      <PendingBanner />
      <TaskList tab={current} data={data[current]} />
    </>
  );
}

function TaskList({ tab, data }: { tab: FieldTab; data: TabData }) {
  const { t } = useTranslation('field');
  const { t: tc } = useTranslation();
  const categoryName = useCategoryName();
  const gridName = useGridName();
  if (data.isLoading) {
    return (
      <div className="task-list" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="task-card"><Skeleton active paragraph={{ rows: 2 }} title={false} /></div>
        ))}
      </div>
    );
  }
  if (data.error && data.tasks.length === 0) {
    return <Result status="warning" title={t('list.loadFailed')} extra={<Button size="large" onClick={data.refetch}>{tc('action.retry')}</Button>} />;
  }
  if (data.tasks.length === 0) return <Empty style={{ marginTop: 48 }} description={t(`empty.${tab}`)} data-testid="task-empty" />;
  return (
    <div className="task-list" role="tabpanel" data-testid="task-list">
      {data.tasks.map((c) => (
        <TaskCard key={c.id} task={c} categoryName={categoryName(c.categoryCode)} gridName={gridName(c.gridCellCode)} showDeadline={tab !== 'done'} />
      ))}
      {data.truncated && <div style={{ textAlign: 'center', color: '#5f6878', fontSize: 13 }}>{t('list.more', { n: data.tasks.length })}</div>}
    </div>
  );
}
