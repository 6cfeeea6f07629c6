import { z } from 'zod';
import { trimmed } from './common';
import type { CategorySuggestion } from './suggestions';

/**
 * 12345 hotline import: a CSV or XLSX export of 12345 work orders (工单) read through a saved column mapping.
 * Our fields, and the header each is read from in the standard export.
 */
export const HOTLINE_FIELDS = {
  externalRef: '工单号',
  description: '诉求内容',
  category: '分类',
  address: '地址',
  coordinates: '坐标',
  lng: '经度',
  lat: '纬度',
  calledAt: '来电时间',
  reporterName: '联系人',
  reporterPhone: '联系电话',
} as const;
export type HotlineField = keyof typeof HOTLINE_FIELDS;

/**
 * `wgs84`: GPS coordinates (what the report API and the town's outlines use). `gcj02`: China's map datum (高德/腾讯
 * map pickers), converted to WGS-84 on import.
 */
export const HOTLINE_COORDINATE_SYSTEMS = ['wgs84', 'gcj02'] as const;
export type HotlineCoordinateSystem = (typeof HOTLINE_COORDINATE_SYSTEMS)[number];

const header = z.string().trim().min(1).max(60);
const categoryCode = z.string().trim().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102 or C0101');

/** Which column holds which field. 工单号, 诉求内容 and 分类 are required; a place needs 坐标, 经度+纬度 or 地址. */
export const hotlineColumnsSchema = z
  .strictObject({
    externalRef: header,
    description: header,
    category: header,
    address: header.optional(),
    coordinates: header.optional(),
    lng: header.optional(),
    lat: header.optional(),
    calledAt: header.optional(),
    reporterName: header.optional(),
    reporterPhone: header.optional(),
  })
  .refine((c) => (c.lng === undefined) === (c.lat === undefined), { message: 'map both lng (经度) and lat (纬度), or neither', path: ['lng'] })
  .refine((c) => c.address !== undefined || c.coordinates !== undefined || c.lat !== undefined, {
    message: 'map at least one of address (地址), coordinates (坐标) or lng+lat (经度/纬度)',
    path: ['address'],
  });
export type HotlineColumns = z.infer<typeof hotlineColumnsSchema>;

/** A row without coordinates whose 地址 contains `contains` is placed in `gridCellCode` (at the cell's anchor point). */
export const hotlineAddressHintSchema = z.strictObject({
  contains: trimmed(50),
  gridCellCode: z.string().trim().regex(/^[a-z]+-\d{2}$/, 'grid codes look like xincheng-01'),
});
export type HotlineAddressHint = z.infer<typeof hotlineAddressHintSchema>;

/** `POST /api/v1/hotline-import-mappings` and `PUT …/:id`. */
export const hotlineMappingSchema = z.strictObject({
  name: trimmed(50),
  columns: hotlineColumnsSchema,
  /** 12345 分类 as written in the file → our category code; a 分类 equal to one of our codes or Chinese names needs no entry */
  categories: z
    .record(z.string().trim().min(1).max(100), categoryCode)
    .refine((r) => Object.keys(r).length <= 1000, 'at most 1000 category entries')
    .default({}),
  coordinateSystem: z.enum(HOTLINE_COORDINATE_SYSTEMS).default('wgs84'),
  addressHints: z.array(hotlineAddressHintSchema).max(1000).default([]),
  /** the mapping an import uses when none is named; setting it moves the mark from the previous default */
  isDefault: z.boolean().default(false),
});
export type HotlineMappingRequest = z.input<typeof hotlineMappingSchema>;

export interface HotlineMappingView {
  id: string;
  name: string;
  columns: HotlineColumns;
  categories: Record<string, string>;
  coordinateSystem: HotlineCoordinateSystem;
  addressHints: HotlineAddressHint[];
  isDefault: boolean;
  updatedAt: string;
}

/** Query of `POST /api/v1/hotline-imports` (the file travels as multipart/form-data, field `file`). */
export const hotlineImportQuerySchema = z.strictObject({
  /** true: check every row and say what would happen, write nothing */
  dryRun: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false),
  /** the saved mapping to read the file with; the default mapping when absent */
  mappingId: z.uuid().optional(),
});

export const listHotlineImportsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** the `id` of the last import of the previous page */
  before: z.uuid().optional(),
});

/**
 * What happened to a row. `created`: a new case; `merged`: the 工单号 was imported before and the row changed, so
 * the change is noted on that case's timeline; `unchanged`: imported before, nothing new; `refused`: see `errors`.
 * In a dry run, the same words say what would happen.
 */
export const HOTLINE_ROW_STATUSES = ['created', 'merged', 'unchanged', 'refused'] as const;
export type HotlineRowStatus = (typeof HOTLINE_ROW_STATUSES)[number];

export interface HotlineRowProblem {
  /** stable English code, e.g. MISSING_EXTERNAL_REF, UNKNOWN_CATEGORY, BAD_COORDINATES */
  code: string;
  /** our field the problem is in, when it is one */
  field: HotlineField | null;
  /** 中文说明 */
  message: string;
  messageEn: string;
}

export interface HotlineImportRowResult {
  /** the row number as a spreadsheet shows it (the header is row 1) */
  row: number;
  externalRef: string | null;
  status: HotlineRowStatus;
  caseId: string | null;
  caseNumber: string | null;
  /**
   * how the case is placed: from its coordinates; from its address resolved to one entry of the address library
   * (标准地址库, at that entry's point); or from an address keyword at a grid cell's anchor point (verify on site)
   */
  locatedBy: 'coordinates' | 'library' | 'address' | null;
  errors: HotlineRowProblem[];
  warnings: HotlineRowProblem[];
  /**
   * Dry runs (the preview) only: the top 3 categories the suggestion model reads in the row's description, with
   * confidence (docs/suggestions.md); empty when there is no model or nothing it knows. The file's own 分类 is what
   * is imported: the operator compares and corrects the file when they disagree.
   */
  suggestions?: CategorySuggestion[];
}

export interface HotlineImportCounts {
  total: number;
  created: number;
  merged: number;
  unchanged: number;
  refused: number;
}

export interface HotlineImportSummary {
  /** null for a dry run (nothing is stored) */
  id: string | null;
  dryRun: boolean;
  fileName: string | null;
  fileType: 'csv' | 'xlsx';
  mapping: { id: string | null; name: string };
  importedBy: { id: string; name: string };
  counts: HotlineImportCounts;
  startedAt: string;
  finishedAt: string;
}

export interface HotlineImportResult extends HotlineImportSummary {
  rows: HotlineImportRowResult[];
}
