import type { CaseState, Role } from '@gridops/domain';
import { EMPTY_FILTERS, fromSearchParams, toSearchString, type DeskFilters } from './desk-filters';

/**
 * Saved views (常用视图): named filter sets. A few are built in; operators add their own, kept in localStorage per
 * user (a shared desk PC keeps each operator's views apart). A view stores the filters as their URL string, so
 * whatever is stored is re-checked by `fromSearchParams` when read back.
 */
export interface SavedView {
  id: string;
  /** built-in views carry an i18n key (`desk:view.<id>`), own views a name */
  name?: string;
  builtin: boolean;
  query: string;
}

/** Cases waiting for a person at the desk (受理/派遣台): intake, filing, dispatch, and requests for a decision. */
export const TRIAGE_STATES: CaseState[] = [
  'REPORTED', 'PENDING_VERIFY', 'PENDING_FILE', 'PENDING_DISPATCH', 'RETURN_REQUESTED', 'EXTENSION_REQUESTED', 'SUSPEND_REQUESTED',
];

const view = (id: string, f: Partial<DeskFilters>): SavedView => ({ id, builtin: true, query: toSearchString({ ...EMPTY_FILTERS, ...f }) });

/** Requests waiting for the shift lead's decision: 回退, 延期, 挂账 (approve or reject). */
export const REQUEST_STATES: CaseState[] = ['RETURN_REQUESTED', 'EXTENSION_REQUESTED', 'SUSPEND_REQUESTED'];

const TRIAGE = view('triage', { state: TRIAGE_STATES });
/** Every view the desk knows; which of them a person sees depends on their role's work (`builtinViews`). */
export const BUILTIN_VIEWS: SavedView[] = [
  TRIAGE,
  // 受理员: calls and reports to take in, and filed cases to dispatch
  view('intake', { state: ['REPORTED'] }),
  view('dispatch', { state: ['PENDING_DISPATCH'] }),
  // 值班长: cases to file, to close, and requests to decide
  view('file', { state: ['PENDING_FILE'] }),
  view('close', { state: ['PENDING_CLOSE'] }),
  view('approval', { state: REQUEST_STATES }),
  // everyone at the desk
  view('overdue', { light: ['red'] }),
  view('supervised', { supervised: true }),
  view('duplicates', { state: ['REPORTED'], duplicate: true }),
  view('open', {}),
];
export const DEFAULT_VIEW = TRIAGE;

/** The views of each role's own work, after 待处理 and before the shared ones; others see them all. */
const ROLE_WORK: Partial<Record<Role, string[]>> = {
  operator: ['intake', 'dispatch'],
  shift_lead: ['file', 'close', 'approval'],
};
const ROLE_VIEW_IDS = new Set(Object.values(ROLE_WORK).flat());

/** The built-in views a person of this role is offered: 待处理, their role's work, then the shared views. */
export function builtinViews(role: Role): SavedView[] {
  const own = ROLE_WORK[role];
  return BUILTIN_VIEWS.filter((v) => !ROLE_VIEW_IDS.has(v.id) || !own || own.includes(v.id));
}

const key = (userId: string) => `gridops.desk.views.${userId}`;
const MAX_VIEWS = 30;

export function loadOwnViews(userId: string, storage: Storage = localStorage): SavedView[] {
  try {
    const raw = JSON.parse(storage.getItem(key(userId)) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((v): v is { id: string; name: string; query: string } => !!v && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.query === 'string')
      .map((v) => {
        const f = fromSearchParams(new URLSearchParams(v.query));
        return { id: v.id, name: v.name.slice(0, 40), builtin: false, query: toSearchString(f ?? EMPTY_FILTERS) };
      })
      .slice(0, MAX_VIEWS);
  } catch {
    return [];
  }
}

function store(userId: string, views: SavedView[], storage: Storage): void {
  storage.setItem(key(userId), JSON.stringify(views.map(({ id, name, query }) => ({ id, name, query }))));
}

/** Saves the filters under a name; a view of the same name is replaced (so "save" twice updates it). */
export function saveOwnView(userId: string, name: string, filters: DeskFilters, storage: Storage = localStorage): SavedView[] {
  const trimmed = name.trim().slice(0, 40);
  if (!trimmed) return loadOwnViews(userId, storage);
  const others = loadOwnViews(userId, storage).filter((v) => v.name !== trimmed);
  const views = [...others, { id: `v${Date.now().toString(36)}`, name: trimmed, builtin: false, query: toSearchString(filters) }].slice(-MAX_VIEWS);
  store(userId, views, storage);
  return views;
}

export function deleteOwnView(userId: string, id: string, storage: Storage = localStorage): SavedView[] {
  const views = loadOwnViews(userId, storage).filter((v) => v.id !== id);
  store(userId, views, storage);
  return views;
}

export const viewFilters = (v: SavedView): DeskFilters => fromSearchParams(new URLSearchParams(v.query)) ?? EMPTY_FILTERS;

/** The view the current filters are exactly, if any (highlighted in the views bar). */
export function matchingView(views: SavedView[], filters: DeskFilters): SavedView | undefined {
  const q = toSearchString(filters);
  return views.find((v) => v.query === q);
}
