import { KPI_CASE_MEASURES, type ListCasesQuery } from '@gridops/contracts';
import {
  CASE_STATES, DISTRICT_CODES, LIGHTS, SOURCES, type CaseState, type DistrictCode, type Light, type Source,
} from '@gridops/domain';

/**
 * The desk's filters, one for each thing `GET /api/v1/cases` can filter by (listCasesQuerySchema). They live in
 * the URL with the same names as the API query, so a filtered desk is a link, and saved views store that string.
 */
export interface DeskFilters {
  state: CaseState[];
  district: DistrictCode[];
  grid: string[];
  category: string[];
  source: Source[];
  light: Light[];
  /** true = 督办 only, false = not supervised, undefined = either */
  supervised?: boolean;
  urgent?: boolean;
  /** waiting for a hand dispatch (the pipeline found no one on duty) */
  held?: boolean;
  /** the pipeline suggests it repeats another case */
  duplicate?: boolean;
  /** open cases only (default), closed/void only, or all */
  open: 'true' | 'false' | 'all';
  q?: string;
  /** a KPI drill-down (docs/kpis.md): the cases behind one figure over kpiFrom–kpiTo, and a ranking's unit or person */
  kpi?: string;
  kpiFrom?: string;
  kpiTo?: string;
  unit?: string;
  person?: string;
  /** reported at or after / before these instants (a trend warning's window) */
  from?: string;
  to?: string;
}

export const EMPTY_FILTERS: DeskFilters = { state: [], district: [], grid: [], category: [], source: [], light: [], open: 'true' };

const LIST_KEYS = ['state', 'district', 'grid', 'category', 'source', 'light'] as const;
const FLAG_KEYS = ['supervised', 'urgent', 'held', 'duplicate'] as const;
/** Single-valued filters carried through as they are (a drill-down link sets them). */
const TEXT_KEYS = ['kpi', 'kpiFrom', 'kpiTo', 'unit', 'person', 'from', 'to'] as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_ALLOWED: Record<(typeof TEXT_KEYS)[number], (v: string) => boolean> = {
  kpi: (v) => (KPI_CASE_MEASURES as readonly string[]).includes(v),
  kpiFrom: (v) => DATE.test(v),
  kpiTo: (v) => DATE.test(v),
  unit: (v) => /^[a-z0-9_-]{1,40}$/.test(v),
  person: (v) => /^[0-9a-f-]{36}$/.test(v) || v === 'me',
  from: (v) => INSTANT.test(v),
  to: (v) => INSTANT.test(v),
};
const GRID = /^[a-z]+-\d{2}$/;
const CATEGORY = /^[A-Z]\d{4}$/;

const ALLOWED: Record<(typeof LIST_KEYS)[number], (v: string) => boolean> = {
  state: (v) => (CASE_STATES as readonly string[]).includes(v),
  district: (v) => (DISTRICT_CODES as readonly string[]).includes(v),
  grid: (v) => GRID.test(v),
  category: (v) => CATEGORY.test(v),
  source: (v) => (SOURCES as readonly string[]).includes(v),
  light: (v) => (LIGHTS as readonly string[]).includes(v),
};

/** Sorted and de-duplicated lists, trimmed text: two ways of choosing the same filters give the same query key. */
export function normalizeFilters(f: DeskFilters): DeskFilters {
  const out: DeskFilters = { ...f };
  for (const k of LIST_KEYS) (out as unknown as Record<string, string[]>)[k] = [...new Set(f[k] as string[])].filter(ALLOWED[k]).sort();
  const q = f.q?.trim();
  if (q) out.q = q.slice(0, 100);
  else delete out.q;
  for (const k of FLAG_KEYS) if (out[k] === undefined) delete out[k];
  for (const k of TEXT_KEYS) if (out[k] === undefined || !TEXT_ALLOWED[k](out[k] as string)) delete out[k];
  return out;
}

/** The API query for these filters (a page of `limit`, after `cursor`). */
export function toListQuery(filters: DeskFilters, page: { limit?: number; cursor?: string | null } = {}): ListCasesQuery {
  const f = normalizeFilters(filters);
  const q: Record<string, string | number> = {};
  for (const k of LIST_KEYS) if (f[k].length) q[k] = f[k].join(',');
  for (const k of FLAG_KEYS) if (f[k] !== undefined) q[k] = String(f[k]);
  if (f.open !== 'all') q.open = f.open;
  if (f.q) q.q = f.q;
  for (const k of TEXT_KEYS) if (f[k]) q[k] = f[k] as string;
  // a drill-down shows its total beside the figure it came from
  if (f.kpi || f.from) q.count = 'true';
  if (page.limit) q.limit = page.limit;
  if (page.cursor) q.cursor = page.cursor;
  return q as ListCasesQuery;
}

/** The filters as URL search params (the API's own names; `open=all` when both open and closed are wanted). */
export function toSearchString(filters: DeskFilters): string {
  const f = normalizeFilters(filters);
  const p = new URLSearchParams();
  for (const k of LIST_KEYS) if (f[k].length) p.set(k, f[k].join(','));
  for (const k of FLAG_KEYS) if (f[k] !== undefined) p.set(k, String(f[k]));
  p.set('open', f.open);
  if (f.q) p.set('q', f.q);
  for (const k of TEXT_KEYS) if (f[k]) p.set(k, f[k] as string);
  return p.toString();
}

/**
 * Filters from URL search params; anything unknown or malformed is dropped (a hand-edited link never reaches the
 * API as a 400). null when the params hold no filter at all — the desk then shows its default view.
 */
export function fromSearchParams(params: URLSearchParams): DeskFilters | null {
  const has = [...LIST_KEYS, ...FLAG_KEYS, ...TEXT_KEYS, 'open', 'q'].some((k) => params.has(k));
  if (!has) return null;
  const f: DeskFilters = { ...EMPTY_FILTERS };
  for (const k of LIST_KEYS) {
    const raw = params.get(k);
    (f as unknown as Record<string, string[]>)[k] = raw ? raw.split(',').map((x) => x.trim()).filter(ALLOWED[k]) : [];
  }
  for (const k of FLAG_KEYS) {
    const raw = params.get(k);
    if (raw === 'true' || raw === 'false') f[k] = raw === 'true';
  }
  const open = params.get('open');
  f.open = open === 'false' || open === 'all' ? open : 'true';
  const q = params.get('q')?.trim();
  if (q) f.q = q;
  for (const k of TEXT_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  // a figure without its dates is no drill-down
  if (!f.kpiFrom || !f.kpiTo) delete f.kpi;
  return normalizeFilters(f);
}

/** How many filters narrow the list (the badge on the filter bar). */
export function activeFilterCount(f: DeskFilters): number {
  const n = normalizeFilters(f);
  return (
    LIST_KEYS.filter((k) => n[k].length).length +
    FLAG_KEYS.filter((k) => n[k] !== undefined).length +
    (n.q ? 1 : 0) +
    (n.open === 'true' ? 0 : 1) +
    (n.kpi ? 1 : 0) +
    (n.unit ? 1 : 0) +
    (n.person ? 1 : 0) +
    (n.from || n.to ? 1 : 0)
  );
}

/**
 * The desk link that lists the cases behind a figure of the board or analytics: the same filters the figure was
 * counted with, so the list's total is the figure. Open and closed cases both, unless the figure is about open ones.
 */
export function drillHref(f: Partial<DeskFilters>): string {
  return `/desk?${toSearchString({ ...EMPTY_FILTERS, open: 'all', ...f })}`;
}
