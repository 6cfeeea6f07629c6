import { createHash } from 'node:crypto';
import {
  HOTLINE_FIELDS,
  LIMITS,
  createReportSchema,
  type CreateReportRequest,
  type HotlineAddressHint,
  type HotlineColumns,
  type HotlineCoordinateSystem,
  type HotlineField,
  type HotlineRowProblem,
} from '@gridops/contracts';
import { findContaining, fromTownWallClock, gcj02ToWgs84, pointInGeometry, townWallClock, type AreaGeometry, type LatLng } from '@gridops/domain';
import { ApiError } from '../platform/errors/api-error';
import { problem } from './hotline-problems';
import type { Cell, Sheet } from './hotline-file-reader';

/** What the interpreter needs to know about the town. */
export interface TownFacts {
  categories: { code: string; nameZh: string; active: boolean }[];
  cells: { code: string; districtCode: string; nameZh: string; geometry: AreaGeometry }[];
  /** what the address library (标准地址库) says of each address text of a row without coordinates */
  addresses?: ReadonlyMap<string, AddressLookup>;
}

/** An address text looked up in the library: one entry, several (their standard forms), or nothing. */
export type AddressLookup =
  | { status: 'resolved'; id: string; standardText: string; point: LatLng }
  | { status: 'ambiguous'; candidates: string[] }
  | { status: 'none' };

export interface RowMapping {
  columns: HotlineColumns;
  categories: Record<string, string>;
  coordinateSystem: HotlineCoordinateSystem;
  addressHints: HotlineAddressHint[];
}

export interface InterpretedRow {
  row: number;
  externalRef: string | null;
  /** the mapped values, normalised: what is compared on re-import and quoted in a merge note */
  values: Partial<Record<HotlineField, string>>;
  hash: string;
  /** the report to take in; null when refused */
  report: CreateReportRequest | null;
  locatedBy: 'coordinates' | 'library' | 'address' | null;
  errors: HotlineRowProblem[];
  warnings: HotlineRowProblem[];
}

const EXTERNAL_REF = /^[0-9A-Za-z][0-9A-Za-z._:/#-]{0,63}$/;
/** 12345 分类 are often paths (城市管理/市容环境/暴露垃圾): the parts are tried from the most specific. */
const CATEGORY_PATH_SEPARATORS = /\s*[/\\>＞|｜、,，;；:：\-－—]+\s*/;

/** Which column index holds each mapped field; a file without the required columns is refused as a whole. */
export function resolveColumns(headers: string[], columns: HotlineColumns): Partial<Record<HotlineField, number>> {
  const indexOf = (h: string | undefined) => (h === undefined ? -1 : headers.findIndex((x) => x.toLowerCase() === h.trim().toLowerCase()));
  const found: Partial<Record<HotlineField, number>> = {};
  for (const field of Object.keys(HOTLINE_FIELDS) as HotlineField[]) {
    const i = indexOf(columns[field]);
    if (i >= 0) found[field] = i;
  }
  const missing = (['externalRef', 'description', 'category'] as const).filter((f) => found[f] === undefined).map((f) => columns[f]);
  const placeable = found.address !== undefined || found.coordinates !== undefined || (found.lng !== undefined && found.lat !== undefined);
  if (!placeable) missing.push([columns.coordinates, columns.lng && `${columns.lng}+${columns.lat}`, columns.address].filter(Boolean).join(' / '));
  if (missing.length) {
    throw new ApiError(
      422,
      'MISSING_COLUMNS',
      `文件缺少列：${missing.join('、')}（表头为：${headers.slice(0, 30).join('、')}）/ the file lacks the columns ${missing.join(', ')}; check the mapping`,
      { missing, headers: headers.slice(0, 100) },
    );
  }
  return found;
}

/** A cell's text as the rows read it (trimmed, full-width spaces as spaces). */
export function cellText(c: Cell | undefined): string {
  return text(c);
}

function text(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString();
  return String(c).replace(/\u3000/g, ' ').trim();
}

/** Interpret every row of the sheet. Pure: no database, no clock but `now`. */
export function interpretRows(sheet: Sheet, mapping: RowMapping, town: TownFacts, now: Date): InterpretedRow[] {
  const at = resolveColumns(sheet.headers, mapping.columns);
  const firstRowOf = new Map<string, number>();
  return sheet.rows.map((r) => {
    const result = interpretRow(r.row, (f) => { const i = at[f]; return i === undefined ? undefined : r.cells[i]; }, mapping, town, now);
    if (result.externalRef) {
      const first = firstRowOf.get(result.externalRef);
      if (first !== undefined) {
        return { ...result, report: null, errors: [problem.duplicateInFile(first), ...result.errors] };
      }
      firstRowOf.set(result.externalRef, r.row);
    }
    return result;
  });
}

function interpretRow(row: number, cell: (f: HotlineField) => Cell | undefined, mapping: RowMapping, town: TownFacts, now: Date): InterpretedRow {
  const errors: HotlineRowProblem[] = [];
  const warnings: HotlineRowProblem[] = [];
  const values: Partial<Record<HotlineField, string>> = {};
  for (const f of Object.keys(HOTLINE_FIELDS) as HotlineField[]) {
    const c = cell(f);
    const v = f === 'calledAt' && c instanceof Date ? excelWallTime(c).toISOString() : text(c);
    if (v) values[f] = v;
  }

  const externalRef = readExternalRef(cell('externalRef'), errors);
  const description = values.description ?? '';
  if (!description) errors.push(problem.emptyDescription());
  const categoryCode = readCategory(values.category, mapping, town, errors, warnings);
  const place = readPlace(values, mapping, town, errors, warnings);

  let report: CreateReportRequest | null = null;
  if (errors.length === 0 && externalRef && categoryCode && place) {
    const prefix = `【12345工单 ${externalRef}】`;
    const room = LIMITS.description - prefix.length;
    if (description.length > room) warnings.push(problem.descriptionTruncated(room));
    const address = values.address ? values.address.slice(0, LIMITS.address) : undefined;
    if (values.address && values.address.length > LIMITS.address) warnings.push(problem.addressTruncated(LIMITS.address));
    const name = values.reporterName?.slice(0, LIMITS.name);
    if (values.reporterName && values.reporterName.length > LIMITS.name) warnings.push(problem.nameTruncated(LIMITS.name));
    const phone = values.reporterPhone && /^[0-9+\-() ]{3,30}$/.test(values.reporterPhone) ? values.reporterPhone : undefined;
    if (values.reporterPhone && !phone) warnings.push(problem.phoneDropped(values.reporterPhone));
    const occurredAt = readCalledAt(cell('calledAt'), values.calledAt, now, warnings);
    const candidate: CreateReportRequest = {
      source: 'hotline_12345',
      categoryCode,
      description: prefix + (description.length > room ? `${description.slice(0, room - 1)}…` : description),
      location: place.point,
      ...(address ? { address } : {}),
      // placed by the library: the case shows the entry's standard form (intake reads it by id)
      ...(place.addressId ? { addressId: place.addressId } : {}),
      ...(name || phone ? { reporter: { ...(name ? { name } : {}), ...(phone ? { phone } : {}) } } : {}),
      ...(occurredAt ? { occurredAt } : {}),
    };
    // the same checks as every report (libs/contracts), so an import can never store what the API would refuse
    const checked = createReportSchema.safeParse(candidate);
    if (checked.success) report = checked.data;
    else for (const issue of checked.error.issues) errors.push(problem.invalidField(null, `${issue.path.join('.')}: ${issue.message}`));
  }
  const hash = createHash('sha256')
    .update(JSON.stringify((Object.keys(HOTLINE_FIELDS) as HotlineField[]).map((f) => values[f] ?? null)))
    .digest('hex');
  return { row, externalRef, values, hash, report, locatedBy: report ? (place?.by ?? null) : null, errors, warnings };
}

function readExternalRef(c: Cell | undefined, errors: HotlineRowProblem[]): string | null {
  if (typeof c === 'number') {
    // a long number in a numeric Excel cell has already lost its last digits; don't guess them
    if (!Number.isSafeInteger(c)) {
      errors.push(problem.externalRefLostPrecision(String(c)));
      return null;
    }
    c = String(c);
  }
  const v = text(c);
  if (!v) {
    errors.push(problem.missingExternalRef());
    return null;
  }
  if (!EXTERNAL_REF.test(v)) {
    errors.push(problem.badExternalRef(v));
    return null;
  }
  return v;
}

function readCategory(raw: string | undefined, mapping: RowMapping, town: TownFacts, errors: HotlineRowProblem[], warnings: HotlineRowProblem[]): string | null {
  if (!raw) {
    errors.push(problem.missingCategory());
    return null;
  }
  const byName = new Map<string, string>();
  for (const c of town.categories) byName.set(c.nameZh, c.code).set(c.code, c.code);
  for (const [k, code] of Object.entries(mapping.categories)) byName.set(k.trim(), code);
  const exact = (s: string) => byName.get(s) ?? byName.get(s.toUpperCase());
  let code = exact(raw);
  if (!code) {
    const parts = raw.split(CATEGORY_PATH_SEPARATORS).filter(Boolean).reverse();
    for (const part of parts) if ((code = exact(part))) break;
  }
  if (!code) {
    // last resort: the longest known name the text contains (e.g. "暴露垃圾问题"), with a warning to check it
    const contained = [...byName.keys()].filter((k) => k.length >= 2 && !/^[A-Z]\d{4}$/.test(k) && raw.includes(k)).sort((a, b) => b.length - a.length)[0];
    code = contained === undefined ? undefined : byName.get(contained);
    if (code) warnings.push(problem.categoryGuessed(raw, code));
  }
  if (!code) {
    errors.push(problem.unknownCategory(raw));
    return null;
  }
  const category = town.categories.find((c) => c.code === code);
  if (!category) {
    errors.push(problem.unknownCategory(`${raw} → ${code}`));
    return null;
  }
  if (!category.active) {
    errors.push(problem.inactiveCategory(code));
    return null;
  }
  return code;
}

function readPlace(
  values: Partial<Record<HotlineField, string>>,
  mapping: RowMapping,
  town: TownFacts,
  errors: HotlineRowProblem[],
  warnings: HotlineRowProblem[],
): { point: LatLng; by: 'coordinates' | 'library' | 'address'; addressId?: string } | null {
  const given = values.coordinates ?? (values.lng || values.lat ? `${values.lng ?? ''},${values.lat ?? ''}` : undefined);
  if (given) {
    const parsed = parseCoordinates(values.coordinates, values.lng, values.lat);
    if (!parsed) {
      errors.push(problem.badCoordinates(given));
      return null;
    }
    const wgs = mapping.coordinateSystem === 'gcj02' ? gcj02ToWgs84(parsed) : parsed;
    const point = { lat: round7(wgs.lat), lng: round7(wgs.lng) };
    if (!findContaining(point, town.cells)) {
      errors.push(problem.outsideTown(parsed.lat, parsed.lng));
      return null;
    }
    return { point, by: 'coordinates' };
  }
  const address = values.address;
  if (!address) {
    errors.push(problem.missingLocation());
    return null;
  }
  // the library first: an address that names exactly one entry is placed at that entry's point
  const found = town.addresses?.get(address);
  if (found?.status === 'resolved') {
    warnings.push(problem.locatedByLibrary(found.standardText));
    return { point: found.point, by: 'library', addressId: found.id };
  }
  // then the mapping's address keywords and grid-cell names; an address the library finds ambiguous is never guessed
  const cell = cellForAddress(address, mapping.addressHints, town.cells);
  const anchor = cell ? anchorPoint(cell.geometry) : null;
  if (!cell || !anchor) {
    errors.push(found?.status === 'ambiguous' ? problem.addressAmbiguous(address, found.candidates) : problem.addressNotLocated(address));
    return null;
  }
  warnings.push(problem.locatedByAddress(cell.code));
  return { point: anchor, by: 'address' };
}

const round7 = (n: number) => Math.round(n * 1e7) / 1e7;

/**
 * "121.38,31.245", "31.245 121.38", "经度121.38 纬度31.245" or two columns. In and around China the longitude is
 * the number above 60 and the latitude the one below, so the order doesn't matter; elsewhere it is taken as lng, lat.
 */
export function parseCoordinates(combined: string | undefined, lng: string | undefined, lat: string | undefined): LatLng | null {
  let a: number;
  let b: number;
  if (combined) {
    const nums = combined.match(/-?\d+(?:\.\d+)?/g);
    if (!nums || nums.length !== 2) return null;
    [a, b] = nums.map(Number);
  } else {
    if (!lng || !lat || !/^-?\d+(\.\d+)?$/.test(lng) || !/^-?\d+(\.\d+)?$/.test(lat)) return null;
    [a, b] = [Number(lng), Number(lat)];
  }
  let point = { lng: a, lat: b };
  if (a < 60 && b > 60 && !combined) return null; // columns swapped is a mapping error worth seeing, not guessing
  if (a < 60 && b > 60) point = { lng: b, lat: a };
  const ok = Number.isFinite(point.lat) && Number.isFinite(point.lng) && Math.abs(point.lat) <= 90 && Math.abs(point.lng) <= 180 && !(point.lat === 0 && point.lng === 0);
  return ok ? point : null;
}

/** An address keyword of the mapping (longest first), else a grid cell's own name or code in the text. */
function cellForAddress<T extends TownFacts['cells'][number]>(address: string, hints: HotlineAddressHint[], cells: T[]): T | null {
  const squeezed = address.replace(/\s+/g, '');
  for (const hint of [...hints].sort((x, y) => y.contains.length - x.contains.length)) {
    if (squeezed.includes(hint.contains.replace(/\s+/g, ''))) {
      const cell = cells.find((c) => c.code === hint.gridCellCode);
      if (cell) return cell;
    }
  }
  return cells.find((c) => squeezed.includes(c.nameZh) || squeezed.toLowerCase().includes(c.code)) ?? null;
}

/** A point surely inside the cell: the centroid of its outer ring when that is inside (cells are near-convex), else a vertex midpoint that is. */
export function anchorPoint(geometry: AreaGeometry): LatLng | null {
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0]?.[0];
  if (!ring || ring.length < 4) return null;
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  const candidates: LatLng[] = [];
  if (area !== 0) candidates.push({ lng: cx / (3 * area), lat: cy / (3 * area) });
  const avg = ring.slice(0, -1).reduce((s, [x, y]) => ({ lng: s.lng + x / (ring.length - 1), lat: s.lat + y / (ring.length - 1) }), { lng: 0, lat: 0 });
  candidates.push(avg, ...ring.slice(0, -1).map(([x, y]) => ({ lng: (x + avg.lng) / 2, lat: (y + avg.lat) / 2 })));
  const inside = candidates.map((p) => ({ lat: round7(p.lat), lng: round7(p.lng) })).find((p) => pointInGeometry(p, geometry));
  return inside ?? null;
}

/** exceljs reads a date cell's wall-clock value as if it were UTC; 12345 exports are in Shanghai time (UTC+8). */
function excelWallTime(d: Date): Date {
  return fromTownWallClock(d.getTime());
}

/** 来电时间: an XLSX date, an Excel serial number, or text like 2026-11-26 09:05[:00] / 2026/11/26 9:05 / 2026年11月26日 9时5分, in Shanghai time. */
function readCalledAt(c: Cell | undefined, shown: string | undefined, now: Date, warnings: HotlineRowProblem[]): string | undefined {
  if (c === null || c === undefined || shown === undefined) return undefined;
  let at: Date | null;
  if (c instanceof Date) at = excelWallTime(c);
  else if (typeof c === 'number' && c > 20_000 && c < 80_000) at = fromTownWallClock(Math.round((c - 25569) * 86_400_000));
  else at = parseLocalTime(String(c).trim());
  if (!at || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000) {
    warnings.push(problem.badCalledAt(shown));
    return undefined;
  }
  if (at.getTime() > now.getTime() + 3_600_000) {
    warnings.push(problem.calledAtInFuture(shown));
    return undefined;
  }
  return at.toISOString();
}

function parseLocalTime(s: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?分?)?$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h = '0', mi = '0', se = '0'] = m.slice(1);
  const [Y, M, D, H, MI, S] = [y, mo, d, h, mi, se].map(Number);
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 23 || MI > 59 || S > 59) return null;
  const at = fromTownWallClock(Date.UTC(Y, M - 1, D, H, MI, S));
  const back = townWallClock(at);
  // 2026-02-30 would roll over into March: refuse instead
  return back.getUTCDate() === D && back.getUTCMonth() === M - 1 ? at : null;
}
