/**
 * Address text (地址文本) as people type it — "上海市普陀区梅川路１３５０弄 小区门口" — brought to forms that can be
 * compared. Pure: no database, no locale.
 *
 * - `normalizeAddress`: the canonical spelling (规范化): full-width → half-width (NFKC), no spaces or punctuation,
 *   no 上海市/普陀区/长征镇 prefix, 衖/巷 after a number → 弄, 號 → 号, 第 before a number dropped. Two spellings of
 *   the same address normalise to the same text.
 * - `addressKey`: looser still, for finding (检索键): the road word's 路/街/大道/公路 dropped, 弄/号 after a number
 *   made one sign. "梅川1350号" and "梅川路1350弄" share a key; the standard form tells them apart again.
 */

/** Longest first: "上海市普陀区长征镇" loses all three. */
const ADMIN_PREFIXES = ['中华人民共和国', '中国', '上海市', '上海', '普陀区', '长征镇'];
/** Spaces and the punctuation people put in addresses (NFKC has already made full-width forms half-width). */
const NOISE = /[\s,.;:!?'"`~·、，。；：！？“”‘’（）()[\]【】《》<>{}_\-—–/\\|]+/g;
const ROAD_SUFFIX = /(大道|公路|路|街)(?=\d|$)/g;

/** The canonical spelling of an address text; '' for a text with nothing but noise. */
export function normalizeAddress(input: string): string {
  let s = input.normalize('NFKC').replace(NOISE, '');
  // prefixes may come in any order and repeat ("上海市 长征镇 普陀区"): strip until none is left
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const p of ADMIN_PREFIXES) {
      if (s.startsWith(p) && s.length > p.length) {
        s = s.slice(p.length);
        stripped = true;
      }
    }
  }
  return s
    .replace(/號/g, '号')
    .replace(/衖/g, '弄')
    .replace(/(\d)巷/g, '$1弄')
    .replace(/第(?=\d)/g, '')
    .toLowerCase();
}

/** The finding key of a text already normalised (see the module comment). */
export function addressKeyOf(normalized: string): string {
  return normalized.replace(ROAD_SUFFIX, '').replace(/(\d)(弄|号)/g, '$1号');
}

/** `addressKeyOf(normalizeAddress(input))`. */
export function addressKey(input: string): string {
  return addressKeyOf(normalizeAddress(input));
}

export interface AddressParts {
  /** the road word as written, its 路 included when it was there ("梅川路"), or null */
  road: string | null;
  /** the first house or lane number ("1350"), or null */
  number: string | null;
  /** what follows the number: 弄 (lane) or 号 (house), or null */
  unit: '弄' | '号' | null;
}

/** Road, number and unit of a normalised text: "梅川路1350弄3号" → 梅川路, 1350, 弄. */
export function addressParts(normalized: string): AddressParts {
  const m = /^(\D*?)(\d+)(弄|号)?/.exec(normalized);
  if (!m) return { road: null, number: null, unit: null };
  return { road: m[1] || null, number: m[2], unit: (m[3] as '弄' | '号' | undefined) ?? null };
}

/**
 * Kinds of entry in the standard address library (标准地址库). Persisted in `addresses.kind`: never rename.
 * road 道路, house 门牌号, lane 弄, compound 小区, landmark 地标.
 */
export const ADDRESS_KINDS = ['road', 'house', 'lane', 'compound', 'landmark'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

export const ADDRESS_NUMBER = /^\d{1,6}$/;

export interface AddressFields {
  kind: AddressKind;
  road?: string | null;
  number?: string | null;
  name?: string | null;
}

/**
 * The standard form (标准地址) of an entry: a road is its name, a house road + number + 号, a lane road + number + 弄,
 * a compound or landmark its name. Returns the problems instead when a field the kind needs is missing.
 */
export function standardAddressText(f: AddressFields): { text: string } | { problems: string[] } {
  const road = f.road?.normalize('NFKC').replace(/\s+/g, '') || null;
  const number = f.number?.normalize('NFKC').trim() || null;
  const name = f.name?.normalize('NFKC').trim() || null;
  const problems: string[] = [];
  if (f.kind === 'road' || f.kind === 'house' || f.kind === 'lane') {
    if (!road) problems.push(`a ${f.kind} needs its road (道路)`);
  }
  if (f.kind === 'house' || f.kind === 'lane') {
    if (!number) problems.push(`a ${f.kind} needs its number (${f.kind === 'lane' ? '弄号' : '门牌号'})`);
    else if (!ADDRESS_NUMBER.test(number)) problems.push(`the number "${number.slice(0, 20)}" must be 1–6 digits`);
  }
  if ((f.kind === 'compound' || f.kind === 'landmark') && !name) problems.push(`a ${f.kind} needs its name (名称)`);
  if (problems.length) return { problems };
  switch (f.kind) {
    case 'road':
      return { text: road as string };
    case 'house':
      return { text: `${road}${number}号` };
    case 'lane':
      return { text: `${road}${number}弄` };
    default:
      return { text: name as string };
  }
}
