import { addressKeyOf, findContaining, normalizeAddress, standardAddressText, type AddressKind, type AreaGeometry, type LatLng } from '@gridops/domain';

export interface AddressInput {
  kind: AddressKind;
  road?: string | null;
  number?: string | null;
  name?: string | null;
  aliases?: string[];
  location: LatLng;
}

/** The stored columns an entry's fields and point make (everything but id, source and schematic). */
export interface AddressColumns {
  kind: AddressKind;
  road: string | null;
  number: string | null;
  name: string | null;
  standardText: string;
  normalizedText: string;
  aliases: string[];
  searchKey: string;
  lat: number;
  lng: number;
  districtCode: string;
  gridCellCode: string;
}

const clean = (s: string | null | undefined) => (s ? s.normalize('NFKC').replace(/\s+/g, '') || null : null);
const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/**
 * An entry as stored, or why it cannot be: the standard form composed (libs/domain), the natural key
 * (`normalizedText`), the finding keys of every spelling (`searchKey`, the trigram index), and the 片区 and grid
 * cell the point lies in. Pure, over the cells given — the service passes TownGeographyService's, the seed the
 * seeded ones.
 */
export function addressColumns(input: AddressInput, cells: readonly { code: string; districtCode: string; geometry: AreaGeometry }[]): { row: AddressColumns } | { problems: string[] } {
  const road = clean(input.road);
  const number = clean(input.number);
  const name = input.name?.normalize('NFKC').trim() || null;
  const standard = standardAddressText({ kind: input.kind, road, number, name });
  const problems = 'problems' in standard ? [...standard.problems] : [];
  const point = { lat: round7(input.location.lat), lng: round7(input.location.lng) };
  const cell = Number.isFinite(point.lat) && Number.isFinite(point.lng) ? findContaining(point, cells) : undefined;
  if (!cell) problems.push(`(${point.lng}, ${point.lat}) is outside 长征镇's four 片区 (新城, 金沙, 怒江, 梅川)`);
  if (!('text' in standard) || !cell) return { problems };
  const normalizedText = normalizeAddress(standard.text);
  const aliases = [...new Set((input.aliases ?? []).map((a) => a.normalize('NFKC').trim()).filter((a) => a && normalizeAddress(a) && normalizeAddress(a) !== normalizedText))];
  const spellings = [standard.text, ...(name && (input.kind === 'lane' || input.kind === 'house') ? [name] : []), ...aliases];
  const searchKey = [...new Set(spellings.map((s) => addressKeyOf(normalizeAddress(s))).filter(Boolean))].join(' ');
  return {
    row: {
      kind: input.kind,
      road,
      number: input.kind === 'house' || input.kind === 'lane' ? number : null,
      name,
      standardText: standard.text,
      normalizedText,
      aliases,
      searchKey,
      lat: point.lat,
      lng: point.lng,
      districtCode: cell.districtCode,
      gridCellCode: cell.code,
    },
  };
}

/** The texts an entry is known by (standard form, name, aliases), for the resolution rule. */
export function spellingsOf(a: { standardText: string; name: string | null; aliases: string[] }): string[] {
  return [a.standardText, ...(a.name && a.name !== a.standardText ? [a.name] : []), ...a.aliases];
}

/** The INSERT's first twelve values, in the order every writer of `addresses` lists its columns. */
export function insertValues(c: AddressColumns): unknown[] {
  return [c.kind, c.road, c.number, c.name, c.standardText, c.normalizedText, c.aliases, c.searchKey, c.lat, c.lng, c.districtCode, c.gridCellCode];
}
