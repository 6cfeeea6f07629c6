import type { QueryClient } from '@tanstack/query-core';
import type { CaseEventMessage, CaseSummary, CaseView, ListCasesQuery, Page } from '@gridops/contracts';
import { matchesFilters, type Asker } from './case-filters';
import { caseKeys } from './query-keys';

/**
 * Patch the query cache from one case event (style rule 11): lists get the case replaced, added or removed; the
 * case file gets its summary fields and is marked stale so its timeline refreshes when shown. Versions decide:
 * a message older than what the cache holds (events from two processes can arrive out of order) changes nothing.
 * `asker` (the signed-in user) lets lists filtered by `assignee=me` / `checker=me` be patched too.
 */
export function applyCaseEvent(qc: QueryClient, m: CaseEventMessage, asker: Asker = {}): void {
  const next = m.case;
  for (const [key, page] of qc.getQueriesData<Page<CaseSummary>>({ queryKey: caseKeys.lists() })) {
    if (!page) continue;
    const filters = (key[2] ?? {}) as ListCasesQuery;
    const index = page.items.findIndex((c) => c.id === next.id);
    if (index >= 0 && page.items[index].version > next.version) continue;
    const fits = matchesFilters(next, filters, asker);
    if (fits === undefined) {
      void qc.invalidateQueries({ queryKey: key, exact: true });
      continue;
    }
    if (index >= 0) {
      const items = fits ? page.items.map((c, i) => (i === index ? next : c)) : page.items.filter((_, i) => i !== index);
      qc.setQueryData<Page<CaseSummary>>(key, { ...page, items });
    } else if (fits) {
      qc.setQueryData<Page<CaseSummary>>(key, { ...page, items: [next, ...page.items] });
    }
  }
  const detailKey = caseKeys.detail(next.id);
  const view = qc.getQueryData<CaseView>(detailKey);
  if (view && view.case.version <= next.version) {
    qc.setQueryData<CaseView>(detailKey, { ...view, case: { ...view.case, ...next } });
    void qc.invalidateQueries({ queryKey: detailKey, exact: true });
  }
}

/** After a resync: everything about cases is refetched. */
export function refetchAllCases(qc: QueryClient): Promise<void> {
  return qc.invalidateQueries({ queryKey: caseKeys.all });
}
