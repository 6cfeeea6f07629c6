import { listCasesQuerySchema, type CaseListFilter, type CaseListQuery, type CaseSummary, type ListCasesQuery } from '@gridops/contracts';
import { isOpenState } from '@gridops/domain';

type Judge<K extends CaseListFilter> = (c: CaseSummary, value: NonNullable<CaseListQuery[K]>) => boolean | undefined;
const serverOnly = () => undefined;

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
  // text search, the reporting window and people ('me' is the caller, known to the server) stay with the server
  q: serverOnly,
  from: serverOnly,
  to: serverOnly,
  assignee: serverOnly,
  checker: serverOnly,
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
export function matchesFilters(c: CaseSummary, f: ListCasesQuery): boolean | undefined {
  if (f.cursor !== undefined) return undefined;
  const parsed = listCasesQuerySchema.safeParse(f);
  if (!parsed.success) return undefined;
  let fits = true;
  for (const name of Object.keys(JUDGES) as CaseListFilter[]) {
    const value = parsed.data[name];
    if (value === undefined) continue;
    const verdict = (JUDGES[name] as Judge<CaseListFilter>)(c, value as never);
    if (verdict === undefined) return undefined;
    fits &&= verdict;
  }
  return fits;
}
