import { LIMITS, type CategoryView, type CreateReportRequest, type GridCellView } from '@gridops/contracts';
import { findContaining, pointInGeometry, type AreaGeometry, type LatLng } from '@gridops/domain';

/** What the report form (上报) holds before it becomes a request. */
export interface ReportValues {
  categoryCode: string | null;
  description: string;
  location: (LatLng & { accuracy?: number | null; source: 'gps' | 'map' }) | null;
  address: string;
}

export type ReportField = 'categoryCode' | 'description' | 'location' | 'address';
/** message key and its interpolation values */
export type ReportErrors = Partial<Record<ReportField, { key: string; values?: Record<string, string | number> }>>;

export interface ReportContext {
  categories: readonly Pick<CategoryView, 'code' | 'active'>[];
  /** the worker's own 片区: a grid worker reports only inside it (the API says 403 otherwise) */
  district: { code: string; name: string; geometry: AreaGeometry } | null;
}

export function validateReport(v: ReportValues, ctx: ReportContext): ReportErrors {
  const errors: ReportErrors = {};
  if (!v.categoryCode || !ctx.categories.some((c) => c.code === v.categoryCode && c.active)) errors.categoryCode = { key: 'report.categoryRequired' };
  const description = v.description.trim();
  if (!description) errors.description = { key: 'report.descriptionRequired' };
  else if (description.length > LIMITS.description) errors.description = { key: 'report.descriptionTooLong', values: { n: LIMITS.description } };
  if (v.address.trim().length > LIMITS.address) errors.address = { key: 'report.addressTooLong', values: { n: LIMITS.address } };
  if (!v.location) errors.location = { key: 'report.locationRequired' };
  else if (ctx.district && !pointInGeometry(v.location, ctx.district.geometry)) {
    errors.location = { key: 'report.outsideDistrict', values: { district: ctx.district.name } };
  }
  return errors;
}

/** The request body of a valid form; a grid worker's report is a patrol find (网格巡查). */
export function reportBody(v: ReportValues): Omit<CreateReportRequest, 'attachmentIds'> {
  if (!v.categoryCode || !v.location) throw new Error('reportBody of an invalid form');
  const body: Omit<CreateReportRequest, 'attachmentIds'> = {
    source: 'patrol',
    categoryCode: v.categoryCode,
    description: v.description.trim(),
    // 6 decimals ≈ 10 cm: enough, and the same body byte for byte on every retry
    location: { lat: round6(v.location.lat), lng: round6(v.location.lng) },
  };
  const address = v.address.trim();
  if (address) body.address = address;
  return body;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** The grid cell (网格) a point falls in, to show beside the coordinates. */
export function cellOf(p: LatLng, cells: readonly GridCellView[]): GridCellView | undefined {
  return findContaining(p, cells);
}

/** Categories matching a search: by Chinese or English name or by code, case-insensitive. */
export function searchCategories<T extends Pick<CategoryView, 'code' | 'nameZh' | 'nameEn' | 'active'>>(all: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  const active = all.filter((c) => c.active);
  if (!q) return active;
  return active.filter((c) => c.code.toLowerCase().includes(q) || c.nameZh.includes(q) || c.nameEn.toLowerCase().includes(q));
}
