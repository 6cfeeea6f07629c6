import { ArrowLeftOutlined, RightOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictView, GridCellView } from '@gridops/contracts';
import { useLabels } from '../../i18n/labels';
import { useBoardNow, useReplayMoment } from './replay-moment';
import { drillInto, drillPath, drillUp, sameDrill, type Drill } from './drill';
import { formatCount } from './kpi';
import { HOTSPOT_COLOR, PIN_COLORS, PIN_LAYERS, type HotspotRing } from './map-option';
import { useMeRequired } from '../../auth/AuthProvider';
import { useHotspots } from './useHotspots';
import { useCaseNames } from '../cases/useCaseNames';
import { inDrill } from './drill';
import { pinLayer, type Pin } from './open-map-store';
import { QueueLight } from './QueueLight';
import { useOpenMap } from './useOpenMap';

/** the most hotspot rings the wall map draws (the most repeated first) */
const BOARD_HOTSPOT_RINGS = 20;

// ECharts comes in the map's own chunk; its download starts as soon as the board does, beside the data requests,
// rather than after them
const loadBoardMap = () => import('./BoardMap');
const BoardMap = lazy(loadBoardMap);
void loadBoardMap();

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export interface MapPanelProps {
  drill: Drill;
  root: Drill;
  onDrill(d: Drill): void;
  districts: readonly DistrictView[] | undefined;
  cells: readonly GridCellView[] | undefined;
  onOpenCase(id: string): void;
  describePin(p: Pin): string;
  townLevel: boolean;
}

/**
 * The map with its breadcrumb (镇 → 片区 → 网格), the pipeline's light, the open total and a legend that counts the
 * pins by light. It owns the open-case data, so a burst of live events re-renders the map, not the whole wall.
 */
export function MapPanel({ drill, root, onDrill, districts, cells, onOpenCase, describePin, townLevel }: MapPanelProps) {
  const { t } = useTranslation('board');
  const labels = useLabels();
  const now = useBoardNow(5000);
  const replayAt = useReplayMoment();
  const query = useOpenMap(replayAt);
  const me = useMeRequired();
  const names = useCaseNames();
  const hotspotAnswer = useHotspots(me.role, replayAt === null).data;
  const hotspotList = hotspotAnswer?.items;
  const hotspots = useMemo(
    () => (hotspotList ?? []).filter((h) => inDrill({ district: h.districtCode, grid: h.gridCellCode }, drill)),
    [hotspotList, drill],
  );
  // a town of real density has hundreds of places with a few repeats: the wall rings the ones that repeat most (the
  // list at /hotspots has them all), so the pins stay readable from across the room
  const rings = useMemo<HotspotRing[]>(
    () =>
      [...hotspots]
        .sort((a, b) => b.caseCount - a.caseCount)
        .slice(0, BOARD_HOTSPOT_RINGS)
        .map((h) => ({ id: h.id, lng: h.location.lng, lat: h.location.lat, count: h.caseCount })),
    [hotspots],
  );
  const describeHotspot = (r: HotspotRing) => {
    const h = hotspots.find((x) => x.id === r.id);
    return h ? escapeHtml(t('map.hotspotTooltip', { category: names.category(h.categoryCode), n: h.caseCount, days: hotspotAnswer?.rule.windowDays ?? '' })) : '';
  };
  const openMap = query.data;
  const failed = query.isError;
  const allPins = openMap?.pins;
  const pins = useMemo(() => (allPins ? [...allPins.values()].filter((p) => inDrill(p, drill)) : []), [allPins, drill]);
  const counts = useMemo(() => {
    const c = { none: 0, fixed: 0, green: 0, yellow: 0, red: 0 };
    for (const p of pins) c[pinLayer(p, now)]++;
    return c;
  }, [pins, now]);
  const crumbName = (d: Drill) => {
    if (d.grid) {
      const cell = cells?.find((x) => x.code === d.grid);
      return cell ? labels.name(cell.nameZh, cell.nameEn) : d.grid;
    }
    if (d.district) return labels.district(d.district);
    return t('scopeTown');
  };
  const path = drillPath(drill, root);
  const atRoot = sameDrill(drill, root);
  const ready = districts && cells && openMap;

  return (
    <section className="board-panel board-map" data-testid="map-panel">
      <header className="board-panel-head board-map-head">
        <div className="board-map-title">
          <nav className="board-crumbs" aria-label="breadcrumb" data-testid="map-breadcrumb">
            {!atRoot && (
              <button type="button" className="board-up" onClick={() => onDrill(drillUp(drill, root))} title={t('map.up')} data-testid="map-up">
                <ArrowLeftOutlined />
              </button>
            )}
            {path.map((d, i) => {
              const last = i === path.length - 1;
              return (
                <span key={`${d.district}-${d.grid}`} className="board-crumb">
                  {i > 0 && <RightOutlined className="board-crumb-sep" />}
                  {last ? <h2>{crumbName(d)}</h2> : <button type="button" onClick={() => onDrill(d)}>{crumbName(d)}</button>}
                </span>
              );
            })}
          </nav>
          {/* the pipeline's health is of now: not on a replayed wall */}
          {replayAt === null && <QueueLight townLevel={townLevel} />}
          {openMap && (
            <div className="board-map-total" data-testid="map-total">
              <span>{t('map.open', { n: formatCount(pins.length) })}</span>
              {openMap.truncated && <span className="warn">{t('map.truncated', { shown: formatCount(openMap.pins.size), n: formatCount(openMap.total) })}</span>}
            </div>
          )}
        </div>
        <div className="board-legend" data-testid="map-legend">
          {[...PIN_LAYERS].reverse().map((layer) => (
            <span key={layer} className="board-legend-item" data-testid={`legend-${layer}`}>
              <i style={{ background: PIN_COLORS[layer] }} />
              {t(`map.legend.${layer}`)} <b>{formatCount(counts[layer])}</b>
            </span>
          ))}
          {hotspotList !== undefined && (
            <span className="board-legend-item" data-testid="legend-hotspots">
              <i className="hotspot-ring" style={{ borderColor: HOTSPOT_COLOR }} />
              {t('map.hotspots')} <b>{formatCount(hotspots.length)}</b>
              {hotspots.length > BOARD_HOTSPOT_RINGS && <span className="board-legend-note">（{t('map.hotspotsTop', { n: BOARD_HOTSPOT_RINGS })}）</span>}
            </span>
          )}
          <span className="board-legend-item pulse">
            <i className="pulse-dot" />
            {t('map.pulse')}
          </span>
        </div>
      </header>
      <div className="board-map-body">
        {failed && !openMap ? (
          <div className="board-empty">{t('map.loadFailed')}</div>
        ) : !ready ? (
          <div className="board-empty">
            <Spin size="large" />
          </div>
        ) : cells.length === 0 ? (
          <div className="board-empty">{t('map.noGeo')}</div>
        ) : (
          <Suspense fallback={<div className="board-empty"><Spin size="large" /></div>}>
            <BoardMap
              drill={drill}
              districts={districts}
              cells={cells}
              pins={pins}
              onCell={(cell) => onDrill(drillInto(drill, cell))}
              onOpenCase={onOpenCase}
              describePin={describePin}
              hotspots={rings}
              describeHotspot={describeHotspot}
            />
          </Suspense>
        )}
      </div>
    </section>
  );
}
