import type { KpiPeriod } from '@gridops/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { drillHref } from '../desk/desk-filters';
import { KPI_TILES, PERIOD_TILES, formatCount, tileHref, tileTone, tileValue } from './kpi';
import { RateMeter } from './RateMeter';

/**
 * Today's figures in big type: what came in (新增, 立案), what is running (处置中, 临期, 超期, 督办), what is done
 * (结案), and the two rates held against the 90% target.
 */
export function KpiStrip({ today, month, target, scope, date, district }: { today: KpiPeriod; month: KpiPeriod; target: number; scope: string; date: string; district: string | null }) {
  // each figure opens the cases it counts (the desk, same definitions: the list's total is the figure)
  const base = (kpi: string, n: number) => (
    <Link className="board-drill" to={drillHref({ kpi, kpiFrom: date, kpiTo: date, ...(district ? { district: [district as never] } : {}) })}>{n}</Link>
  );
  const { t } = useTranslation('board');
  return (
    <div className="board-kpis" data-testid="kpi-strip">
      <div className="board-kpi-scope">
        <span>{scope}</span>
        <span>{t('today')}</span>
      </div>
      {KPI_TILES.map((tile) => {
        const value = tileValue(today, tile);
        return (
          <div key={tile} className={`board-kpi tone-${tileTone(tile, value)}`} data-testid={`kpi-${tile}`} data-tone={tileTone(tile, value)}>
            <Link className="board-kpi-value board-drill" to={tileHref(tile, date, district)}>{formatCount(value)}</Link>
            <div className="board-kpi-label">{t(`kpi.${tile}`)}</div>
            <div className="board-kpi-sub">{PERIOD_TILES.includes(tile) ? t('month', { v: formatCount(tileValue(month, tile)) }) : t('now')}</div>
          </div>
        );
      })}
      <RateMeter
        testId="rate-onTimeRate"
        label={t('rates.onTimeRate')}
        rate={today.rates.onTimeRate}
        monthRate={month.rates.onTimeRate}
        target={target}
        basis={<>{base('due_on_time', today.bases.closedOnTime)} / {base('due', today.bases.dueToClose)} {t('casesUnit')}</>}
      />
      <RateMeter
        testId="rate-grassRootsRate"
        label={t('rates.grassRootsRate')}
        rate={today.rates.grassRootsRate}
        monthRate={month.rates.grassRootsRate}
        target={target}
        basis={<>{base('gr_solved', today.bases.grassRootsSolved)} / {base('gr_base', today.bases.grassRootsBase)} {t('casesUnit')}</>}
      />
    </div>
  );
}
