import { z } from 'zod';
import { ADDRESS_KINDS, ADDRESS_NUMBER, DISTRICT_CODES, type AddressKind, type DistrictCode } from '@gridops/domain';
import { LIMITS, trimmed } from './common';
import { locationSchema } from './reports';

/** The longest text the address search takes (a 12345 address with its words around it fits). */
export const ADDRESS_QUERY_MAX = 100;

/** One entry of the standard address library (标准地址库), as every screen and the API show it. */
export interface AddressView {
  id: string;
  kind: AddressKind;
  road: string | null;
  number: string | null;
  name: string | null;
  /** the standard form (标准地址): what a case shows */
  standardText: string;
  aliases: string[];
  lat: number;
  lng: number;
  districtCode: DistrictCode;
  gridCellCode: string;
  /** placed on the schematic map (the seed), not surveyed */
  schematic: boolean;
  source: 'seed' | 'import' | 'admin';
  updatedAt: string;
}

export interface AddressMatch extends AddressView {
  /** 0–1, libs/domain address-match.ts */
  score: number;
  exact: boolean;
}

/** `GET /api/v1/addresses/search?q=`: any signed-in staff. */
export const addressSearchQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'type part of an address').max(ADDRESS_QUERY_MAX, `at most ${ADDRESS_QUERY_MAX} characters`),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
export type AddressSearchQuery = z.input<typeof addressSearchQuerySchema>;

/**
 * What a text names: `resolved` — exactly one entry (`match`); `ambiguous` — several could be meant (the
 * candidates, best first, never a guess); `none` — nothing in the library resembles it.
 */
export interface AddressSearchResult {
  q: string;
  normalized: string;
  status: 'resolved' | 'ambiguous' | 'none';
  match: AddressMatch | null;
  items: AddressMatch[];
}

const aliasesSchema = z.array(trimmed(LIMITS.text)).max(20, 'at most 20 aliases');
/** full-width digits (１３５０) are taken as typed */
const numberSchema = z
  .string()
  .trim()
  .transform((s) => s.normalize('NFKC'))
  .pipe(z.string().regex(ADDRESS_NUMBER, 'numbers are 1–6 digits, without 号 or 弄'));

/**
 * `POST /api/v1/addresses` (admin). The standard form is composed from the fields (libs/domain standardAddressText);
 * district and grid cell come from the location.
 */
export const createAddressSchema = z.strictObject({
  kind: z.enum(ADDRESS_KINDS),
  road: trimmed(50).nullish(),
  number: numberSchema.nullish(),
  name: trimmed(LIMITS.text).nullish(),
  aliases: aliasesSchema.default([]),
  location: locationSchema,
});
export type CreateAddressRequest = z.input<typeof createAddressSchema>;

/** `PATCH /api/v1/addresses/:id` (admin): any of the fields; the entry is then checked whole. */
export const updateAddressSchema = z
  .strictObject({
    kind: z.enum(ADDRESS_KINDS),
    road: trimmed(50).nullable(),
    number: numberSchema.nullable(),
    name: trimmed(LIMITS.text).nullable(),
    aliases: aliasesSchema,
    location: locationSchema,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'name at least one field to change');
export type UpdateAddressRequest = z.infer<typeof updateAddressSchema>;

/** `GET /api/v1/addresses` (admin): the library page by page, optionally one 片区 or a text. */
export const listAddressesQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(ADDRESS_QUERY_MAX).optional(),
  district: z.enum(DISTRICT_CODES).optional(),
  kind: z.enum(ADDRESS_KINDS).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
});
export type ListAddressesQuery = z.input<typeof listAddressesQuerySchema>;

/** `POST /api/v1/addresses/import?dryRun=true|false` (admin, multipart field `file`, CSV). */
export const addressImportQuerySchema = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

/**
 * The CSV's columns (header row, Chinese or English names): 类型/kind (道路 road, 门牌 house, 弄 lane, 小区
 * compound, 地标 landmark), 道路/road, 号/number, 名称/name, 别名/aliases (separated by ；or |), 经度/lng, 纬度/lat.
 */
export const ADDRESS_CSV_COLUMNS = {
  kind: ['类型', 'kind'],
  road: ['道路', 'road'],
  number: ['号', '门牌号', '弄号', 'number'],
  name: ['名称', 'name'],
  aliases: ['别名', 'aliases'],
  lng: ['经度', 'lng', 'longitude'],
  lat: ['纬度', 'lat', 'latitude'],
} as const;

export const ADDRESS_KIND_NAMES: Record<AddressKind, { zh: string; en: string }> = {
  road: { zh: '道路', en: 'Road' },
  house: { zh: '门牌', en: 'House number' },
  lane: { zh: '弄', en: 'Lane' },
  compound: { zh: '小区', en: 'Compound' },
  landmark: { zh: '地标', en: 'Landmark' },
};

export interface AddressImportRowResult {
  /** as a spreadsheet numbers it (the header is row 1) */
  row: number;
  status: 'created' | 'updated' | 'unchanged' | 'refused';
  standardText: string | null;
  id: string | null;
  gridCellCode: string | null;
  errors: string[];
}

export interface AddressImportResult {
  dryRun: boolean;
  counts: { total: number; created: number; updated: number; unchanged: number; refused: number };
  rows: AddressImportRowResult[];
}
