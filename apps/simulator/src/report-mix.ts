import { CHANNEL_WEIGHTS, DISTRICT_CODES, DISTRICT_WEIGHTS, categoryWeight, type Channel, type DayKind, type DistrictCode, type HourBand, type MixRow } from '@gridops/domain';
import { pickWeighted, type Rng } from './random';

// the weights are libs/domain's (demo/report-rates.ts): the demo history draws from the same ones
export { categoryWeight, hourBand } from '@gridops/domain';

export function chooseDistrict(rng: Rng): DistrictCode {
  return pickWeighted(DISTRICT_CODES, (d) => DISTRICT_WEIGHTS[d], rng) ?? 'xincheng';
}

export type ReportChannel = Channel | 'iot';

/** The channel of the next report; IoT only when the deployment has an alarms ingest and devices to raise them. */
export function chooseChannel(rng: Rng, iotAvailable: boolean): ReportChannel {
  const channels: ReportChannel[] = iotAvailable ? ['patrol', 'hotline', 'app', 'iot'] : ['patrol', 'hotline', 'app'];
  return pickWeighted(channels, (c) => CHANNEL_WEIGHTS[c], rng) ?? 'patrol';
}

/** A category for a report from this channel in this 片区 at this time and kind of day, among the rows the town can handle. */
export function chooseCategory(rows: readonly MixRow[], district: DistrictCode, channel: Channel, band: HourBand, rng: Rng, kind: DayKind = 'workday'): MixRow | undefined {
  return pickWeighted(
    rows.filter((r) => r.channels.includes(channel)),
    (r) => categoryWeight(r, district, band, kind),
    rng,
  );
}
