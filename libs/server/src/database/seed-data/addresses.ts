/**
 * Seed of the standard address library (标准地址库): the town's real road names (from its plan) with a few lanes
 * (弄), house numbers (号), compounds (小区) and landmarks (地标) on each.
 *
 * SCHEMATIC, NOT SURVEYED, like the geography (geography.ts): the roads are drawn as straight lines across the
 * schematic town (lat 31.230–31.250 N, lng 121.370–121.410 E) in roughly their real order — 清峪路 north, 梅川路
 * through the middle, 金沙江路 and 光复西路 to the south; 祁连山南路 west, 真光路 east, 中环线 between — and a
 * number sits at its share of the road's number range. Every entry is stored with `schematic = true`; the town's
 * real library replaces it by CSV import (docs/addresses.md). Names of compounds and the numbers of lanes are
 * plausible, not taken from a register. District and grid cell are derived from the point when seeded.
 */
import type { AddressKind } from '@gridops/domain';

export interface AddressSeed {
  kind: AddressKind;
  road: string | null;
  number: string | null;
  name: string | null;
  aliases: string[];
  lat: number;
  lng: number;
}

interface RoadLine {
  road: string;
  aliases?: string[];
  /** [lng, lat] where the numbers start and end */
  from: [number, number];
  to: [number, number];
  numbers: [number, number];
  /** lanes (弄) and houses (号) on it, with a name when the lane has one */
  lanes?: { number: number; name?: string; aliases?: string[] }[];
  houses?: { number: number; name?: string; aliases?: string[] }[];
}

const ROADS: RoadLine[] = [
  // east–west
  {
    road: '清峪路',
    from: [121.3735, 31.2472],
    to: [121.4045, 31.2478],
    numbers: [1, 1200],
    lanes: [{ number: 258, name: '清峪苑' }, { number: 600 }],
    houses: [{ number: 900 }],
  },
  {
    road: '伯士路',
    from: [121.3805, 31.2443],
    to: [121.3985, 31.2446],
    numbers: [1, 500],
    lanes: [{ number: 128, name: '伯士新苑' }],
    houses: [{ number: 300 }],
  },
  {
    road: '梅川路',
    from: [121.3725, 31.2385],
    to: [121.4055, 31.2388],
    numbers: [800, 2200],
    lanes: [
      { number: 1350, name: '梅川一村', aliases: ['梅川一街坊'] },
      { number: 1300 },
      { number: 1001, name: '梅川二村' },
    ],
    houses: [{ number: 1300 }, { number: 1520, name: '梅川菜市场', aliases: ['梅川路菜场'] }],
  },
  {
    road: '花家浜路',
    from: [121.3765, 31.2368],
    to: [121.3945, 31.2372],
    numbers: [1, 400],
    lanes: [{ number: 88, name: '花家浜小区' }],
    houses: [{ number: 200 }],
  },
  {
    road: '金沙江路',
    from: [121.3720, 31.2342],
    to: [121.4050, 31.2338],
    numbers: [1500, 2600],
    lanes: [{ number: 2150, name: '金沙雅苑' }, { number: 1800 }],
    houses: [{ number: 1999 }, { number: 2460 }],
  },
  {
    road: '光复西路',
    from: [121.3760, 31.2318],
    to: [121.4040, 31.2322],
    numbers: [2000, 3200],
    lanes: [{ number: 2700 }],
    houses: [{ number: 2899 }, { number: 3100 }],
  },
  // north–south
  {
    road: '祁连山南路',
    from: [121.3752, 31.2322],
    to: [121.3748, 31.2478],
    numbers: [1, 2600],
    lanes: [{ number: 1288, name: '祁连山南苑' }],
    houses: [{ number: 2000 }],
  },
  {
    road: '丹巴路',
    from: [121.3822, 31.2330],
    to: [121.3818, 31.2470],
    numbers: [1, 300],
    lanes: [{ number: 99, name: '丹巴小区' }],
    houses: [{ number: 150 }],
  },
  {
    road: '怒江路',
    from: [121.3898, 31.2325],
    to: [121.3902, 31.2475],
    numbers: [1, 600],
    lanes: [{ number: 248 }, { number: 418, name: '怒江苑' }],
    houses: [{ number: 500 }],
  },
  {
    road: '吉镇路',
    from: [121.3958, 31.2335],
    to: [121.3962, 31.2470],
    numbers: [1, 300],
    lanes: [{ number: 68 }],
    houses: [{ number: 200 }],
  },
  {
    road: '中环线',
    aliases: ['中环路', '中环高架'],
    from: [121.4010, 31.2320],
    to: [121.4012, 31.2480],
    numbers: [1, 500],
  },
  {
    road: '真光路',
    from: [121.4062, 31.2325],
    to: [121.4058, 31.2478],
    numbers: [1000, 1600],
    lanes: [{ number: 1473, name: '真光新村' }],
    houses: [{ number: 1288, name: '中环百联', aliases: ['百联中环购物广场'] }],
  },
];

/** Compounds and landmarks not named by a lane: a point of their own. */
const PLACES: { kind: 'compound' | 'landmark'; name: string; aliases?: string[]; lng: number; lat: number }[] = [
  { kind: 'landmark', name: '天地软件园', aliases: ['天地软件园区', '金沙江路1518弄'], lng: 121.3735, lat: 31.2350 },
  { kind: 'compound', name: '金沙新城', lng: 121.3930, lat: 31.2352 },
  { kind: 'compound', name: '怒江苑二期', lng: 121.3912, lat: 31.2455 },
  { kind: 'landmark', name: '长征镇社区事务受理服务中心', aliases: ['社区事务受理中心'], lng: 121.3870, lat: 31.2410 },
  { kind: 'landmark', name: '长征镇网格化综合管理中心', aliases: ['城运中心', '一网统管中心'], lng: 121.3880, lat: 31.2412 },
  { kind: 'landmark', name: '梅川公园', lng: 121.3790, lat: 31.2388 },
];

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function at(r: RoadLine, number: number): { lng: number; lat: number } {
  const f = (number - r.numbers[0]) / (r.numbers[1] - r.numbers[0]);
  return { lng: round6(r.from[0] + f * (r.to[0] - r.from[0])), lat: round6(r.from[1] + f * (r.to[1] - r.from[1])) };
}

export const ADDRESS_SEEDS: AddressSeed[] = [
  ...ROADS.flatMap((r): AddressSeed[] => [
    { kind: 'road', road: r.road, number: null, name: null, aliases: r.aliases ?? [], ...at(r, (r.numbers[0] + r.numbers[1]) / 2) },
    ...(r.lanes ?? []).map((l): AddressSeed => ({ kind: 'lane', road: r.road, number: String(l.number), name: l.name ?? null, aliases: l.aliases ?? [], ...at(r, l.number) })),
    ...(r.houses ?? []).map((h): AddressSeed => ({ kind: 'house', road: r.road, number: String(h.number), name: h.name ?? null, aliases: h.aliases ?? [], ...at(r, h.number) })),
  ]),
  ...PLACES.map((p): AddressSeed => ({ kind: p.kind, road: null, number: null, name: p.name, aliases: p.aliases ?? [], lat: p.lat, lng: p.lng })),
];

export const ADDRESSES_ARE_SCHEMATIC = true;
