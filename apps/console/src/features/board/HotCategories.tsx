import type { HotCategoryRow } from '@gridops/contracts';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { formatCount, isSpike } from './kpi';
import { Panel } from './Panel';

/**
 * What the town is reporting most: horizontal bars (today; the last 7 days when today has nothing yet), with an
 * arrow where a category spiked against the period before.
 */
export function HotCategories({ today, week, max = 7 }: { today: HotCategoryRow[]; week: HotCategoryRow[]; max?: number }) {
  const { t } = useTranslation('board');
  const labels = useLabels();
  const useWeek = today.length === 0;
  const rows = (useWeek ? week : today).slice(0, max);
  const top = Math.max(1, ...rows.map((r) => r.count));
  return (
    <Panel title={t(useWeek ? 'hot.titleWeek' : 'hot.title')} testId="hot-categories" className="board-hot">
      {rows.length === 0 ? (
        <div className="board-empty">—</div>
      ) : (
        <ol className="board-bars" data-whole-lines>
          {rows.map((r, i) => (
            <li key={r.code} data-testid={`hot-${r.code}`}>
              <span className="bar-name">
                <span className="bar-index">{i + 1}</span>
                {labels.name(r.nameZh, r.nameEn)}
              </span>
              <span className="bar-track">
                <span className={`bar-fill ${i === 0 ? 'first' : ''}`} style={{ width: `${(r.count / top) * 100}%` }} />
              </span>
              <span className="bar-count">
                {formatCount(r.count)}
                {isSpike(r) && <span className="bar-spike" title={t('hot.spike', { n: r.count - r.previousCount })}>▲</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
