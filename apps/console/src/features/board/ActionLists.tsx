import type { ActionItem, BoardActionLists } from '@gridops/contracts';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { LIGHT_COLORS } from '../../ui/countdown';
import { useBoardNow } from './replay-moment';
import { shortDuration } from './durations';
import { formatCount } from './kpi';
import { Panel } from './Panel';

const GROUPS = ['overdue', 'supervised', 'returnRequests', 'extensionRequests'] as const;
type Group = (typeof GROUPS)[number];

/**
 * What needs someone now: overdue (超期) and supervised (督办) cases, returns and extensions waiting for the shift
 * lead. Each group shows its total and its most urgent cases; a click opens the case.
 */
export function ActionLists({ lists, perGroup, categoryName, onOpen }: { lists: BoardActionLists; perGroup: number; categoryName(item: ActionItem): string; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation('board');
  const labels = useLabels();
  const now = useBoardNow(30_000);
  const detail = (g: Group, item: ActionItem): string => {
    if ((g === 'overdue' || g === 'supervised') && item.clockDueAt) {
      const left = Date.parse(item.clockDueAt) - now;
      return left < 0 ? t('actions.overdueBy', { v: shortDuration(-left, i18n.language) }) : shortDuration(left, i18n.language);
    }
    return t('actions.waiting', { v: shortDuration(now - Date.parse(item.waitingSince), i18n.language) });
  };
  return (
    <Panel title={t('actions.title')} testId="action-lists" className="board-actions">
      {GROUPS.map((g) => {
        const list = lists[g];
        return (
          <div key={g} className={`board-action-group group-${g}`} data-testid={`actions-${g}`}>
            <div className="board-action-head">
              <span>{t(`actions.${g}`)}</span>
              <span className={`board-action-total ${list.total > 0 ? 'has' : ''}`}>{t('actions.total', { n: formatCount(list.total) })}</span>
            </div>
            {list.items.slice(0, perGroup).map((item) => (
                <button type="button" key={item.id} className="board-action-item" onClick={() => onOpen(item.id)} data-testid={`action-item-${item.id}`}>
                  <span className="dot" style={{ background: item.light ? LIGHT_COLORS[item.light] : '#8ea0b8' }} />
                  <span className="number">{item.number}</span>
                  <span className={`when ${g === 'overdue' ? 'alarm' : ''}`}>{detail(g, item)}</span>
                  <span className="what">
                    {labels.district(item.districtCode)} · {categoryName(item)}
                  </span>
                </button>
            ))}
          </div>
        );
      })}
    </Panel>
  );
}
