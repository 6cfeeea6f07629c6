import { listCasesQuerySchema, type CaseListFilter, type CaseListQuery, type CaseSummary, type ListCasesQuery } from '@gridops/contracts';
import { isOpenState } from '@gridops/domain';

/** who is asking: the signed-in user's id, so `assignee=me` / `checker=me` read as the server reads them */
export interface Asker {
  userId?: string;
}

type Judge<K extends CaseListFilter> = (c: CaseSummary, value: NonNullable<CaseListQuery[K]>, asker: Asker) => boolean | undefined;
const serverOnly = () => undefined;
/** a person filter (uuid or `me`) on one of the case's people; `me` unknown here → the server judges */
const person = (id: string | null, value: string, asker: Asker): boolean | undefined => {
  const who = value === 'me' ? asker.userId : value;
  return who === undefined ? undefined : id === who;
};

/**
 * Each list filter judged on a case summary, as the server's SQL reads it (libs/server cases/case-filters.ts);
 * `undefined` where it can't be judged here. The table is total: a new filter in the contract needs its line here.
 */
const JUDGES: { [K in CaseListFilter]-?: Judge<K> } = {
  district: (c, v) => v.includes(c.districtCode),
  grid: (c, v) => v.includes(c.gridCellCode),
  state: (c, v) => v.includes(c.state),
  light: (c, v) => c.light !== null && v.includes(c.light),
  category: (c, v) => v.includes(c.categoryCode),
  source: (c, v) => v.includes(c.source),
  unit: (c, v) => c.assigneeUnitCode === v,
  supervised: (c, v) => c.supervised === v,
  urgent: (c, v) => c.urgent === v,
  held: (c, v) => (c.dispatchHold !== null) === v,
  duplicate: (c, v) => (c.suggestedDuplicateOf !== null) === v,
  open: (c, v) => isOpenState(c.state) === v,
  // a phone's lists are its person's work: judged here, so an event in the 片区 never makes it refetch them (#15)
  assignee: (c, v, asker) => person(c.assigneeUserId, v, asker),
  checker: (c, v, asker) => person(c.checkerUserId, v, asker),
  // text search and the reporting window stay with the server
  q: serverOnly,
  from: serverOnly,
  to: serverOnly,
  // KPI drill-downs and a ranking's person are the server's definitions
  kpi: serverOnly,
  kpiFrom: serverOnly,
  kpiTo: serverOnly,
  person: serverOnly,
};

/**
 * Whether a case belongs in a list with these filters — so a new or changed case can be put into (or taken out of)
 * a cached list without asking the server. `undefined` when that can't be judged locally (a filter of the server's,
 * a later page): the caller then refetches that list. The query is read by the contract's schema, as the server
 * reads it.
 */
export function matchesFilters(c: CaseSummary, f: ListCasesQuery, asker: Asker = {}): boolean | undefined {
  if (f.cursor !== undefined) return undefined;
  const parsed = listCasesQuerySchema.safeParse(f);
  if (!parsed.success) return undefined;
  let fits = true;
  for (const name of Object.keys(JUDGES) as CaseListFilter[]) {
    const value = parsed.data[name];
    if (value === undefined) continue;
    const verdict = (JUDGES[name] as Judge<CaseListFilter>)(c, value as never, asker);
    if (verdict === undefined) return undefined;
    fits &&= verdict;
  }
  return fits;
}
