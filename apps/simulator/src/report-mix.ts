import { DISTRICT_CODES, type DistrictCode } from '@gridops/domain';
import { CHANNEL_WEIGHTS, DISTRICT_AREAS, DISTRICT_WEIGHTS, type Channel, type HourBand, type MixRow } from './mix-table';
import { pickWeighted, type Rng } from './random';

/** The part of the day an hour on the town's clocks (townHour) falls in. */
export function hourBand(hour: number): HourBand {
  if (hour >= 6 && hour < 10) return 'morning';
  if (hour >= 10 && hour < 17) return 'day';
  if (hour >= 17 && hour < 22) return 'evening';
  return 'night';
}

/** How likely a category is in this 片区 at this time: its weight × the time-of-day factor × the area blend. */
export function categoryWeight(row: MixRow, district: DistrictCode, band: HourBand): number {
  const blend = DISTRICT_AREAS[district];
  const area = blend.residential * row.areas.residential + blend.commercial * row.areas.commercial + blend.works * row.areas.works;
  return row.weight * row.bands[band] * area;
}

export function chooseDistrict(rng: Rng): DistrictCode {
  return pickWeighted(DISTRICT_CODES, (d) => DISTRICT_WEIGHTS[d], rng) ?? 'xincheng';
}

export type ReportChannel = Channel | 'iot';

/** The channel of the next report; IoT only when the deployment has an alarms ingest and devices to raise them. */
export function chooseChannel(rng: Rng, iotAvailable: boolean): ReportChannel {
  const channels: ReportChannel[] = iotAvailable ? ['patrol', 'hotline', 'app', 'iot'] : ['patrol', 'hotline', 'app'];
  return pickWeighted(channels, (c) => CHANNEL_WEIGHTS[c], rng) ?? 'patrol';
}

/** A category for a report from this channel in this 片区 at this time, among the rows the town can handle. */
export function chooseCategory(rows: readonly MixRow[], district: DistrictCode, channel: Channel, band: HourBand, rng: Rng): MixRow | undefined {
  return pickWeighted(
    rows.filter((r) => r.channels.includes(channel)),
    (r) => categoryWeight(r, district, band),
    rng,
  );
}
