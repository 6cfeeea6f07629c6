import type { DataSource, EntityManager } from 'typeorm';
import {
  CATEGORY_MIX,
  DEMO_REPORT_RATES,
  DISTRICT_CODES,
  DISTRICT_NAMES,
  SOURCE_LABELS,
  categoryShares,
  districtShare,
  hourBand,
  pointNear,
  samplePointIn,
  townDateOf,
  townHour,
  type Source,
} from '@gridops/domain';
import { CaseSnapshots } from '../../cases/case-snapshots';
import { KpiRollupsService } from '../../stats/kpi-rollups.service';
import { planCaseHistory, type HistoryReport, type PlannedCase } from '../history/case-history-plan';
import { loadHistoryCast, type LoadedCast } from '../history/history-cast';
import { writeCaseHistory } from '../history/case-history-writer';
import { DEMO_CAMERA_SEEDS, TOWN_GEOGRAPHY } from '../seed-data';

export interface DemoHistoryOptions {
  /** how many past days (DEMO_HISTORY_DAYS; 0 = none) */
  days: number;
  /** the live stream the history stands for (the simulator's SIM_RATE and SIM_VIDEO_RATE) */
  reportsPerMinute?: number;
  videoPerMinute?: number;
  now?: Date;
  /** seed of the draws (tests); unset = Math.random */
  rng?: () => number;
}

export interface DemoHistoryResult {
  cases: number;
  events: number;
  rollupRows: number;
  ms: number;
}

/**
 * Places a handful of the same problem keeps coming back to (高发点位): a few extra reports a week each, within 25 m.
 * The cell's own interior point, so the spot is the same on every fresh start.
 */
const REPEAT_SPOTS = [
  { cell: 1, district: 'jinsha', category: 'E0102', perWeek: 2 }, // 暴露垃圾
  { cell: 2, district: 'meichuan', category: 'E0504', perWeek: 2 }, // 店外经营
  { cell: 1, district: 'xincheng', category: 'E0902', perWeek: 1.5 }, // 电动自行车飞线充电
] as const;

const HOUR = 3_600_000;

/** Poisson draw (Knuth; the hourly means here are small). */
function poisson(lambda: number, rng: () => number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng())));
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

/**
 * Demo mode, fresh database only (no case yet): the past `days` days of the demo town as the simulator would have
 * made them, hour by hour — the same 片区, channel and category shares by hour and kind of day (the town calendar's
 * working days and days off; libs/domain demo/report-rates.ts) at the same rate, IoT alarms from the demo sensors' categories, video detections at the demo cameras, and a few places
 * that keep coming back (REPEAT_SPOTS) — each case taken through its loop by case-history-plan.ts, written by
 * case-history-writer.ts, then the KPI rollups rebuilt. The live stream then looks like its own past to the trend
 * warnings; only something unusual (the simulator's bursts) stands out. Null when nothing was seeded.
 */
export async function seedDemoHistory(ds: DataSource, opts: DemoHistoryOptions): Promise<DemoHistoryResult | null> {
  if (!(opts.days > 0)) return null;
  const [{ any }] = (await ds.query(`SELECT EXISTS (SELECT 1 FROM cases) AS any`)) as { any: boolean }[];
  if (any) return null;
  const t0 = Date.now();
  const rng = opts.rng ?? Math.random;
  const now = opts.now ?? new Date();
  const cast = await loadHistoryCast(ds);
  const reports = drawReports(cast, opts.days, opts.reportsPerMinute ?? DEMO_REPORT_RATES.reportsPerMinute, opts.videoPerMinute ?? DEMO_REPORT_RATES.videoPerMinute, now, rng);
  const planned: PlannedCase[] = reports.map((r) => planCaseHistory(r, cast, now, rng));
  // all or nothing: a start that fails half-way must not leave a half month (the next start would not seed again)
  const events = await ds.transaction(async (m) => {
    let written = 0;
    for (let i = 0; i < planned.length; i += 5000) written += await writeCaseHistory(m, planned.slice(i, i + 5000));
    await replayFromNow(m, now);
    return written;
  });
  await new CaseSnapshots(ds).take(now);
  const rollups = await new KpiRollupsService(ds).rebuild();
  return { cases: planned.length, events, rollupRows: rollups.rows, ms: Date.now() - t0 };
}

function drawReports(
  cast: LoadedCast,
  days: number,
  perMinute: number,
  videoPerMinute: number,
  now: Date,
  rng: () => number,
): HistoryReport[] {
  const mix = CATEGORY_MIX.filter((r) => cast.mixCodes.has(r.code));
  const cells = TOWN_GEOGRAPHY.gridCells;
  const iotCategories = ['C0102', 'E0111'].filter((c) => cast.mixCodes.has(c));
  const cameras = DEMO_CAMERA_SEEDS.map((c) => ({ ...c, categories: c.categories.filter((k) => cast.mixCodes.has(k)) })).filter((c) => c.categories.length);
  const out: HistoryReport[] = [];
  const report = (at: Date, source: Source, categoryCode: string, cellCode: string, point: { lat: number; lng: number }, extra: Partial<HistoryReport> = {}) => {
    const cell = cells.find((c) => c.code === cellCode) ?? cells[0];
    const district = DISTRICT_NAMES[cell.districtCode as keyof typeof DISTRICT_NAMES]?.zh ?? cell.districtCode;
    out.push({
      reportedAt: at,
      source,
      categoryCode,
      districtCode: cell.districtCode,
      gridCellCode: cell.code,
      lat: point.lat,
      lng: point.lng,
      address: `长征镇${district}片区${cell.nameZh}`,
      description: `${SOURCE_LABELS[source].zh}：${cell.nameZh}附近${cast.names.get(categoryCode) ?? categoryCode}，请处理`,
      ...extra,
    });
  };
  const start = now.getTime() - days * 24 * HOUR;
  for (let h = start; h < now.getTime(); h += HOUR) {
    const band = hourBand(townHour(new Date(h)));
    const kind = cast.calendar.isWorkday(townDateOf(new Date(h))) ? 'workday' : 'dayoff';
    const span = Math.min(HOUR, now.getTime() - h);
    const at = () => new Date(h + Math.floor(rng() * span));
    const perHour = (perMinute * span) / 60_000;
    for (const district of DISTRICT_CODES) {
      const dCells = cells.filter((c) => c.districtCode === district);
      if (!dCells.length) continue;
      const mean = perHour * districtShare(district);
      // people's reports (90 %) by channel and category; IoT alarms (10 %) from the sensors of the 片区
      for (const [code, share] of categoryShares(mix, district, band, kind)) {
        for (const [channel, source] of [['patrol', 'patrol'], ['hotline', 'hotline_12345'], ['app', 'citizen_app']] as const) {
          for (let n = poisson(mean * 0.9 * share[channel], rng); n > 0; n--) {
            const cell = dCells[Math.floor(rng() * dCells.length)];
            report(at(), source, code, cell.code, samplePointIn(cell.geometry, rng));
          }
        }
      }
      for (let n = iotCategories.length ? poisson(mean * 0.1, rng) : 0; n > 0; n--) {
        const cell = dCells[Math.floor(rng() * dCells.length)];
        report(at(), 'iot', iotCategories[Math.floor(rng() * iotCategories.length)], cell.code, samplePointIn(cell.geometry, rng));
      }
    }
    // video: what the desk keeps of the cameras' detections (three in four are right), at the camera
    for (let n = cameras.length ? poisson(((videoPerMinute * span) / 60_000) * 0.75, rng) : 0; n > 0; n--) {
      const cam = cameras[Math.floor(rng() * cameras.length)];
      report(at(), 'video_ai', cam.categories[Math.floor(rng() * cam.categories.length)], cam.gridCellCode, pointNear(cam.location, 0, 10, rng), { cameraId: cam.id });
    }
  }
  // the places a problem keeps coming back to
  for (const spot of REPEAT_SPOTS) {
    const cell = cells.filter((c) => c.districtCode === spot.district)[spot.cell];
    if (!cell || !cast.mixCodes.has(spot.category)) continue;
    const centre = samplePointIn(cell.geometry, () => 0.5);
    for (let n = poisson((spot.perWeek * days) / 7, rng); n > 0; n--) {
      report(new Date(start + rng() * (now.getTime() - start)), 'patrol', spot.category, cell.code, pointNear(centre, 0, 25, rng));
    }
  }
  return out;
}

/**
 * 回放 (replay): the month was written case by case, one version each (its final state), so it cannot be replayed
 * step by step. Replay is complete from `now` on: the origin moves there, and the snapshots the migration took of the
 * empty database go (the month's versions begin before them, so only a snapshot taken after them finds them — the
 * caller takes one at `now` once this commits).
 */
async function replayFromNow(m: EntityManager, now: Date): Promise<void> {
  await m.query(`UPDATE replay_origin SET complete_from = $1 WHERE id = 1`, [now]);
  await m.query(`DELETE FROM case_snapshots`);
}
