import { LIMITS, createReportSchema, type CreateReportRequest, type GridCellView } from '@gridops/contracts';
import { bbox, pointInGeometry, type LatLng, type Source } from '@gridops/domain';

/**
 * 受理登记: what an operator keys in for a phone call or a walk-in, before it becomes `POST /reports`. The channels
 * are the domain's own (SOURCES): a 12345 call, a citizen at the counter (市民, the citizen channel), a 110 hand-over,
 * a task from the district.
 */
export const DESK_SOURCES = ['hotline_12345', 'citizen_app', 'police_110', 'district_assigned'] as const satisfies readonly Source[];
export type DeskSource = (typeof DESK_SOURCES)[number];

export interface IntakeValues {
  source: DeskSource;
  callerName: string;
  callerPhone: string;
  categoryCode: string | null;
  description: string;
  /** a point clicked on the map, or the chosen grid cell's own point */
  location: LatLng | null;
  /** the grid cell chosen in the picker (the map's click sets it too) */
  gridCellCode: string | null;
  address: string;
  /** the address library entry picked in the address field (标准地址库); cleared when the text is edited again */
  addressId: string | null;
}

export const EMPTY_INTAKE: IntakeValues = {
  source: 'hotline_12345', callerName: '', callerPhone: '', categoryCode: null, description: '', location: null, gridCellCode: null, address: '', addressId: null,
};

export type IntakeField = 'categoryCode' | 'description' | 'location' | 'callerName' | 'callerPhone' | 'address';
export type IntakeErrors = Partial<Record<IntakeField, string>>;

/** The request body, or the fields to fix (message keys of `desk:intake.error.*`), checked by the API's own schema. */
export function intakeRequest(v: IntakeValues): { body: CreateReportRequest } | { errors: IntakeErrors } {
  const errors: IntakeErrors = {};
  if (!v.categoryCode) errors.categoryCode = 'category';
  if (!v.description.trim()) errors.description = 'description';
  if (!v.location) errors.location = 'location';
  const name = v.callerName.trim();
  const phone = v.callerPhone.trim();
  const body = {
    source: v.source,
    categoryCode: v.categoryCode ?? '',
    description: v.description.trim(),
    location: v.location ? { lat: round6(v.location.lat), lng: round6(v.location.lng) } : { lat: 0, lng: 0 },
    ...(v.address.trim() ? { address: v.address.trim() } : {}),
    ...(v.addressId ? { addressId: v.addressId } : {}),
    ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
  };
  const parsed = createReportSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      if (path === 'description') errors.description ??= v.description.trim().length > LIMITS.description ? 'descriptionTooLong' : 'description';
      else if (path === 'address') errors.address = 'addressTooLong';
      else if (path === 'reporter.name') errors.callerName = 'callerName';
      else if (path === 'reporter.phone') errors.callerPhone = 'callerPhone';
    }
  }
  if (Object.keys(errors).length) return { errors };
  // every field the schema checks is mapped above: a body it refused has an error on one of them
  return parsed.success ? { body: parsed.data } : { errors: { description: 'description' } };
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * A point inside a grid cell, for a report placed by its cell only (the caller knows the 小区, not the spot): the
 * middle of the cell's box when it lies inside, else the inside point nearest to it on a fine grid over the box.
 */
export function cellPoint(cell: Pick<GridCellView, 'geometry'>): LatLng | null {
  const [minLng, minLat, maxLng, maxLat] = bbox(cell.geometry);
  const mid = { lat: (minLat + maxLat) / 2, lng: (minLng + maxLng) / 2 };
  if (pointInGeometry(mid, cell.geometry)) return { lat: round6(mid.lat), lng: round6(mid.lng) };
  const steps = 24;
  let best: LatLng | null = null;
  let bestD = Infinity;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const p = { lat: minLat + ((maxLat - minLat) * i) / steps, lng: minLng + ((maxLng - minLng) * j) / steps };
      if (!pointInGeometry(p, cell.geometry)) continue;
      const d = (p.lat - mid.lat) ** 2 + (p.lng - mid.lng) ** 2;
      if (d < bestD) [best, bestD] = [p, d];
    }
  }
  return best && { lat: round6(best.lat), lng: round6(best.lng) };
}
