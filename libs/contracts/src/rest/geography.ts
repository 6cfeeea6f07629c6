import { z } from 'zod';
import { GEOGRAPHY_COORDINATE_SYSTEMS, GEOGRAPHY_LIMITS, type GeographyIssue } from '@gridops/domain';

/**
 * The town's real geography, imported (docs/geography.md): `POST /api/v1/admin/geography/dry-run` and `…/apply`
 * take a GeoJSON FeatureCollection of 片区 and 网格 outlines as the multipart field `file`, with these text fields.
 */
export const geographyUploadFieldsSchema = z.strictObject({
  /** what the file's coordinates are: WGS-84 (RFC 7946) or GCJ-02 (高德/腾讯 maps, converted on import) */
  coordinateSystem: z.enum(GEOGRAPHY_COORDINATE_SYSTEMS).default('wgs84'),
  /** overlaps, gaps and parts of a cell outside its 片区 up to this many m² are let pass */
  toleranceM2: z.coerce.number().finite().min(0).max(GEOGRAPHY_LIMITS.maxToleranceM2).default(GEOGRAPHY_LIMITS.defaultToleranceM2),
  /** apply only: the checksum of the dry run that was read */
  checksum: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}$/, 'the checksum is the 64 hex digits a dry run answered')
    .optional(),
});
export type GeographyUploadFields = z.output<typeof geographyUploadFieldsSchema>;

export type GeographyIssueView = GeographyIssue;

export interface GeographyDistrictView {
  code: string;
  nameZh: string;
  nameEn: string;
  areaM2: number;
  cells: number;
  /** what applying does to it: its outline `redrawn`, or `unchanged` */
  change: 'redrawn' | 'unchanged';
}

export interface GeographyCellView {
  code: string;
  districtCode: string;
  nameZh: string;
  nameEn: string;
  areaM2: number;
  /** `added`: a new cell; `redrawn`: its outline, names or 片区 change; `unchanged` */
  change: 'added' | 'redrawn' | 'unchanged';
}

/** A cell of the current map that the file no longer holds: retired on apply, kept for what was placed in it. */
export interface GeographyRetiredCellView {
  code: string;
  districtCode: string;
  nameZh: string;
  /** cases placed in it (they keep it), open ones among them */
  cases: number;
  openCases: number;
  /** devices placed in it: re-placed in the new map on apply when their point lies in it */
  devices: number;
  /** duty roster entries for it from now on (they would keep no one on duty anywhere new) */
  rosterEntries: number;
}

export interface GeographyDryRunReport {
  /** confirm an apply with this: it binds the file, the options and the map it was checked against */
  checksum: string;
  sourceName: string;
  coordinateSystem: (typeof GEOGRAPHY_COORDINATE_SYSTEMS)[number];
  toleranceM2: number;
  /** the version the file was checked against (null: the schematic seed) */
  baseVersion: number | null;
  /** no error: applying it is allowed */
  canApply: boolean;
  counts: { districts: number; cells: number; added: number; redrawn: number; retired: number; errors: number; warnings: number };
  districts: GeographyDistrictView[];
  cells: GeographyCellView[];
  retiredCells: GeographyRetiredCellView[];
  issues: GeographyIssueView[];
}

export interface GeographyVersionView {
  id: number;
  appliedAt: string;
  appliedByName: string;
  sourceName: string;
  checksum: string;
  coordinateSystem: string;
  summary: GeographyDryRunReport['counts'];
}

/** `GET /api/v1/admin/geography/versions`: newest first; `current` null while the schematic seed is the map. */
export interface GeographyVersionsView {
  current: number | null;
  versions: GeographyVersionView[];
}

/** `POST /api/v1/admin/geography/apply` → 201. */
export interface GeographyApplyResult {
  version: GeographyVersionView;
  report: GeographyDryRunReport;
}
