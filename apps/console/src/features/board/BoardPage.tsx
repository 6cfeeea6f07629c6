import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { KPI_TARGET, type ActionItem } from '@gridops/contracts';
import type { DistrictCode } from '@gridops/domain';
import { useCategories, useDistricts, useGridCells } from '../../api/queries';
import { useMeRequired } from '../../auth/AuthProvider';
import { useLabels } from '../../i18n/labels';
import { ActionLists } from './ActionLists';
import { AlarmList } from './AlarmList';
import { BoardHeader } from './BoardHeader';
import { drillUp, inDrill, rootDrill, sameDrill, type Drill } from './drill';
import { Panel } from './Panel';
import type { FeedLabels } from './feed';
import { HotCategories } from './HotCategories';
import { KpiStrip } from './KpiStrip';
import { LeagueTable } from './LeagueTable';
import { LiveFeed, LiveFeedPanel } from './LiveFeed';
import { ReplayBar } from './ReplayBar';
import { ReplayMoment, parseReplayAt } from './replay-moment';
import { describeReplayLine } from './feed';
import { MapPanel } from './MapPanel';
import type { Pin } from './open-map-store';
import { useBoardStats } from './useBoardStats';
import { TrendWarningsPanel } from '../warnings/TrendWarningsPanel';
import './messages';
import './board.css';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * 一屏观天下: the operations centre's wall screen (1920×1080, dark, read from across the room). Everything on it
 * patches itself from the live socket; nothing polls, nothing scrolls, and nothing needs a mouse (clicks drill the
 * map and open cases). A 片区-bound user gets the same wall for their 片区 only (the API scopes every answer).
 */
export default function BoardPage() {
  const { t } = useTranslation('board');
  const labels = useLabels();
  const lang = labels.lang;
  const me = useMeRequired();
  const navigate = useNavigate();
  const root = useMemo(() => rootDrill(me.districtCode), [me.districtCode]);
  const [drill, setDrill] = useState<Drill>(root);
  // 回放: `?at=` shows the wall as it was then (docs/board.md); no live update touches it
  const [params, setParams] = useSearchParams();
  const replayAt = useMemo(() => parseReplayAt(params.get('at'), Date.now()), [params]);
  const moveTo = useCallback((at: number | null) => setParams(at === null ? {} : { at: new Date(at).toISOString() }, { replace: true }), [setParams]);

  const stats = useBoardStats(drill.district, replayAt);
  const districts = useDistricts();
  const cells = useGridCells();
  const categories = useCategories();

  const category = useMemo(() => new Map((categories.data ?? []).map((c) => [c.code, c])), [categories.data]);
  const categoryName = useCallback(
    (code: string, fallback?: string) => {
      const c = category.get(code);
      return c ? (lang === 'en' ? c.nameEn : c.nameZh) : (fallback ?? code);
    },
    [category, lang],
  );
  const feedLabels = useMemo<FeedLabels>(
    () => ({
      district: labels.district,
      category: (code) => categoryName(code),
      state: labels.state,
      action: labels.action,
      reported: t('feed.reported'),
    }),
    // the label functions are new on every render but depend on the language only
    [lang, categoryName, t],
  );

  const openCase = useCallback((id: string) => void navigate(`/cases/${id}`), [navigate]);
  const describePin = useCallback(
    (p: Pin) => `<b>${escapeHtml(p.number)}</b><br/>${escapeHtml(labels.district(p.district))} · ${escapeHtml(categoryName(p.category))}<br/>${escapeHtml(labels.state(p.state))}`,
    [lang, categoryName],
  );

  // the keyboard of a wall PC: Escape / Backspace go one level up
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === 'Escape' || e.key === 'Backspace') && !(e.target instanceof HTMLInputElement)) setDrill((d) => drillUp(d, root));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [root]);

  const s = stats.data;
  const districtRow = drill.district ? s?.districts.find((d) => d.code === drill.district) : undefined;
  const league = drill.district ? (districtRow?.grids ?? []) : (s?.districts ?? []);
  const scope = drill.district ? labels.district(drill.district) : t('scopeTown');
  const pickLeague = (code: string) => setDrill((d) => (d.district ? { district: d.district, grid: d.grid === code ? null : code } : { district: code as Drill['district'], grid: null }));

  const replayFeed = useMemo(
    () => (replayAt === null ? [] : (s?.replay?.feed ?? []).map((l) => describeReplayLine(l, feedLabels)).filter((e) => inDrill({ district: e.districtCode as DistrictCode, grid: e.gridCellCode }, drill))),
    [replayAt, s, feedLabels, drill],
  );

  return (
    <ReplayMoment.Provider value={replayAt}>
    <div className={replayAt === null ? 'board' : 'board board-replaying'} data-testid="board" data-drill={drill.grid ?? drill.district ?? 'town'} data-replay={replayAt === null ? undefined : new Date(replayAt).toISOString()}>
      <BoardHeader duty={s?.duty} replayAt={replayAt} onReplay={() => moveTo(Date.now() - 3_600_000)} />
      {s ? (
        <KpiStrip today={s.kpis.today} month={s.kpis.month} target={s.kpis.target} scope={scope} date={s.today} district={s.district} />
      ) : (
        <div className="board-kpis board-empty" data-testid="kpi-strip-loading">
          {stats.isError ? t('loadFailed') : '…'}
        </div>
      )}
      <div className="board-body">
        <div className="board-col board-left">
          <LeagueTable rows={league} grids={!!drill.district} selected={drill.grid ?? drill.district} target={s?.kpis.target ?? KPI_TARGET} today={s?.today ?? ""} onPick={pickLeague} />
          <HotCategories today={s?.hotCategories.today ?? []} week={s?.hotCategories.week ?? []} />
          {replayAt === null && <TrendWarningsPanel district={drill.district} max={3} />}
          {replayAt === null ? <AlarmList district={drill.district} max={4} onOpen={openCase} /> : <ReplayAlarmsNote />}
        </div>
        <MapPanel
          drill={drill}
          root={root}
          onDrill={(d) => setDrill((cur) => (sameDrill(cur, d) ? cur : d))}
          districts={districts.data}
          cells={cells.data}
          onOpenCase={openCase}
          describePin={describePin}
          townLevel={!me.districtCode}
        />
        <div className="board-col board-right">
          {replayAt === null ? <LiveFeedPanel labels={feedLabels} drill={drill} onOpen={openCase} /> : <LiveFeed entries={replayFeed} onOpen={openCase} />}
          {s && <ActionLists lists={s.actionLists} perGroup={2} categoryName={(item: ActionItem) => categoryName(item.categoryCode, item.categoryNameZh)} onOpen={openCase} />}
        </div>
      </div>
      {replayAt !== null && <ReplayBar at={replayAt} onMove={moveTo} onLive={() => moveTo(null)} />}
    </div>
    </ReplayMoment.Provider>
  );
}

/** Replayed, the alarm panel says so: alarms are live signals, not kept for replay. */
function ReplayAlarmsNote() {
  const { t } = useTranslation('board');
  return (
    <Panel title={t('alarms.title')} testId="alarms" className="board-alarms">
      <div className="board-empty small">{t('replay.noAlarms')}</div>
    </Panel>
  );
}
