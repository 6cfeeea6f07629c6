import type { KpiPeriod } from '@gridops/contracts';
import { useTranslation } from 'react-i18next';
import { KPI_TILES, PERIOD_TILES, formatCount, tileTone, tileValue } from './kpi';
import { RateMeter } from './RateMeter';

/**
 * Today's figures in big type: what came in (新增, 立案), what is running (处置中, 临期, 超期, 督办), what is done
 * (结案), and the two rates held against the 90% target.
 */
export function KpiStrip({ today, month, target, scope }: { today: KpiPeriod; month: KpiPeriod; target: number; scope: string }) {
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
            <div className="board-kpi-value">{formatCount(value)}</div>
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
        basis={t('rateBasis', { a: today.bases.closedOnTime, b: today.bases.dueToClose })}
      />
      <RateMeter
        testId="rate-grassRootsRate"
        label={t('rates.grassRootsRate')}
        rate={today.rates.grassRootsRate}
        monthRate={month.rates.grassRootsRate}
        target={target}
        basis={t('rateBasis', { a: today.bases.grassRootsSolved, b: today.bases.grassRootsBase })}
      />
    </div>
  );
}
