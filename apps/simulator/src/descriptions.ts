import type { DistrictCode } from '@gridops/domain';
import { between, chance, pick, type Rng } from './random';
import { ADDRESS_FORMS, CATEGORY_TEXTS, CHANNEL_OPENERS, FIX_FALLBACK, PLACES, PLACE_PATTERNS, SURNAMES } from './texts-table';
import type { Channel } from '@gridops/domain';

export interface Place {
  /** as people say it: "金沙江路88号门口" */
  spoken: string;
  /** as the case records it: "普陀区长征镇金沙江路88号" */
  address: string;
}

/** A place in the 片区, built from its streets, estates and landmarks. */
export function describePlace(district: DistrictCode, rng: Rng): Place {
  const p = PLACES[district];
  const street = pick(p.streets, rng) ?? '';
  const street2 = pick(p.streets.filter((s) => s !== street), rng) ?? street;
  const estate = pick(p.estates, rng) ?? '';
  const n = String(Math.floor(between(1, 1500, rng)));
  const building = String(Math.floor(between(1, 40, rng)));
  const landmark = pick(p.landmarks, rng) ?? '';
  const pattern = pick(PLACE_PATTERNS, rng) ?? '{street}{n}号';
  const spoken = pattern
    .replace('{street2}', street2)
    .replace('{street}', street)
    .replace('{estate}', estate)
    .replace('{building}', building)
    .replace('{landmark}', landmark)
    .replace('{n}', n);
  const onEstate = pattern.includes('{estate}');
  const address = `普陀区长征镇${onEstate ? `${estate}${pattern.includes('{building}') ? `${building}号楼` : ''}` : `${street}${pattern.includes('{n}') ? `${n}号` : ''}`}`;
  return { spoken, address };
}

/** What the reporter says: opener by channel, the place, the problem, sometimes a detail. "金沙江路88号门口井盖缺失" */
export function describeProblem(categoryCode: string, place: Place, channel: Channel | 'iot', rng: Rng): string {
  const texts = CATEGORY_TEXTS[categoryCode];
  const problem = (texts && pick(texts.problems, rng)) ?? '发现问题';
  const detail = texts?.details && chance(0.5, rng) ? `，${pick(texts.details, rng)}` : '';
  const opener = channel === 'iot' ? '物联感知告警：' : (pick(CHANNEL_OPENERS[channel], rng) ?? '');
  return `${opener}${place.spoken}${problem}${detail}`;
}

/** The handler's feedback (处置反馈) for this category. */
export function describeFix(categoryCode: string, rng: Rng): string {
  return pick(CATEGORY_TEXTS[categoryCode]?.fixes ?? FIX_FALLBACK, rng) ?? FIX_FALLBACK[0];
}

/**
 * A caller for a 12345 or app report. Phone numbers start with 100, which is not allocated to mobile phones, so a
 * simulated number can never reach a real person (the demo users follow the same rule).
 */
export function describeReporter(rng: Rng): { name: string; phone: string } {
  const name = `${pick(SURNAMES, rng) ?? '王'}${pick(ADDRESS_FORMS, rng) ?? '先生'}`;
  const phone = `100${String(Math.floor(between(0, 1e8, rng))).padStart(8, '0')}`;
  return { name, phone };
}

/** One of the lines the people in the loop write, chosen at random. */
export function line(lines: readonly string[], rng: Rng): string {
  return pick(lines, rng) ?? lines[0] ?? '';
}
