import type { LeagueRow } from '@gridops/contracts';
import { useTranslation } from 'react-i18next';
import { useLabels } from '../../i18n/labels';
import { formatCount, formatRate, rateTone } from './kpi';
import { activate } from './activate';
import { Panel } from './Panel';
import { Link } from 'react-router';
import { drillHref, type DeskFilters } from '../desk/desk-filters';

/**
 * 片区 league table (or the grid cells of one 片区 once drilled in), best first (a medal stripe marks the top three): open, overdue, closed today, on-time and
 * grass-roots rates coloured against the target. A row click drills the map to that 片区 / cell.
 */
export function LeagueTable({ rows, grids, selected, target, today, onPick }: { rows: LeagueRow[]; grids: boolean; selected: string | null; target: number; today: string; onPick(code: string): void }) {
  // a count opens the cases it counts (the desk); the rest of the row drills the map
  const drill = (code: string, n: number, f: Partial<DeskFilters>) => (
    <Link className="board-drill" to={drillHref({ ...(grids ? { grid: [code] } : { district: [code as never] }), ...f })} onClick={(e) => e.stopPropagation()}>
      {formatCount(n)}
    </Link>
  );
  const { t } = useTranslation('board');
  const labels = useLabels();
  return (
    <Panel title={t(grids ? 'league.titleGrids' : 'league.title')} testId="league" className="board-league">
      <table className="board-table">
        <thead>
          <tr>
            <th className="left">{t(grids ? 'league.grid' : 'league.name')}</th>
            <th>{t('league.open')}</th>
            <th>{t('league.overdue')}</th>
            <th>{t('league.closedToday')}</th>
            <th>{t('league.onTime')}</th>
            <th>{t('league.grassRoots')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} className={`rank-${r.rank} ${r.code === selected ? 'selected' : ''}`} data-testid={`league-${r.code}`} data-rank={r.rank} {...activate(() => onPick(r.code))}>
              <td className="left name">{labels.name(r.nameZh, r.nameEn)}</td>
              <td className="num">{drill(r.code, r.open, { open: 'true' })}</td>
              <td className={`num ${r.overdue > 0 ? 'alarm' : ''}`}>{drill(r.code, r.overdue, { open: 'true', light: ['red'] })}</td>
              <td className="num">{drill(r.code, r.closedToday, { kpi: 'closed', kpiFrom: today, kpiTo: today })}</td>
              <td className={`num tone-${rateTone(r.onTimeRate, target)}`}>{formatRate(r.onTimeRate)}</td>
              <td className={`num tone-${rateTone(r.grassRootsRate, target)}`}>{formatRate(r.grassRootsRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
