import type { DistrictCode } from '../districts';
import type { DayKind } from '../trends/trend-detector';
import { CHANNEL_WEIGHTS, DISTRICT_AREAS, DISTRICT_WEIGHTS, type Channel, type HourBand, type MixRow } from './report-mix-table';

/**
 * How the demo town's reports are shared out (report-mix-table.ts), for the simulator's live stream (it draws one
 * report at a time) and the demo history (seed-demo-history: it draws whole hours from the expected counts). One
 * home for the arithmetic, so the past the demo seeds is what the live stream looks like: the trend warnings judge
 * the live hours against it.
 */

/** The part of the day an hour on the town's clocks (townHour) falls in. */
export function hourBand(hour: number): HourBand {
  if (hour >= 6 && hour < 10) return 'morning';
  if (hour >= 10 && hour < 17) return 'day';
  if (hour >= 17 && hour < 22) return 'evening';
  return 'night';
}

/**
 * On a day off (weekend, holiday: the town calendar) the building sites are quieter and the shopping streets and
 * estates busier: a category's weight by the kinds of area it belongs to. Reports per minute stay the same; what
 * they are about shifts (at most ×0.6–1.2, so a working-day past never makes a day off look like a spike).
 */
const DAY_OFF_AREA_FACTOR: Record<keyof MixRow['areas'], number> = { residential: 1.15, commercial: 1.2, works: 0.6 };

export function dayKindFactor(row: MixRow, kind: DayKind): number {
  if (kind === 'workday') return 1;
  const a = row.areas;
  const total = a.residential + a.commercial + a.works;
  return total > 0 ? (a.residential * DAY_OFF_AREA_FACTOR.residential + a.commercial * DAY_OFF_AREA_FACTOR.commercial + a.works * DAY_OFF_AREA_FACTOR.works) / total : 1;
}

/** How likely a category is in this 片区 at this time: its weight × the time-of-day factor × the area blend × the day kind's. */
export function categoryWeight(row: MixRow, district: DistrictCode, band: HourBand, kind: DayKind = 'workday'): number {
  const blend = DISTRICT_AREAS[district];
  const area = blend.residential * row.areas.residential + blend.commercial * row.areas.commercial + blend.works * row.areas.works;
  return row.weight * row.bands[band] * area * dayKindFactor(row, kind);
}

/** A 片区's share of all reports. */
export function districtShare(district: DistrictCode): number {
  const total = Object.values(DISTRICT_WEIGHTS).reduce((s, w) => s + w, 0);
  return DISTRICT_WEIGHTS[district] / total;
}

/**
 * Expected share of one people's report (patrol, 12345, app) in this 片区 at this time and kind of day that goes to
 * each category:
 * the channel is drawn first (CHANNEL_WEIGHTS, without IoT), then a category among the rows of that channel.
 */
export function categoryShares(rows: readonly MixRow[], district: DistrictCode, band: HourBand, kind: DayKind): Map<string, Record<Channel, number>> {
  const channels: Channel[] = ['patrol', 'hotline', 'app'];
  const channelTotal = channels.reduce((s, c) => s + CHANNEL_WEIGHTS[c], 0);
  const out = new Map<string, Record<Channel, number>>();
  for (const channel of channels) {
    const eligible = rows.filter((r) => r.channels.includes(channel));
    const total = eligible.reduce((s, r) => s + categoryWeight(r, district, band, kind), 0);
    if (!(total > 0)) continue;
    for (const r of eligible) {
      const share = out.get(r.code) ?? { patrol: 0, hotline: 0, app: 0 };
      share[channel] += (CHANNEL_WEIGHTS[channel] / channelTotal) * (categoryWeight(r, district, band, kind) / total);
      out.set(r.code, share);
    }
  }
  return out;
}

/**
 * The demo town's live stream by default (the simulator's SIM_RATE and SIM_VIDEO_RATE): about what a town of this
 * size reports in a day (~430 reports, ~90 video detections), so that its past — the month the demo seeds — stays a
 * few seconds' work, and the live hours look like that past to the trend warnings (a stream far above its past
 * would raise a warning for every busy category).
 */
export const DEMO_REPORT_RATES = { reportsPerMinute: 0.3, videoPerMinute: 0.06 } as const;
