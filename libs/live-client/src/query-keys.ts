import type { ListCasesQuery } from '@gridops/contracts';

/** One factory for TanStack Query keys (style rule 12): the live client patches exactly these. */
export const caseKeys = {
  all: ['cases'] as const,
  lists: () => ['cases', 'list'] as const,
  list: (filters: ListCasesQuery) => ['cases', 'list', filters] as const,
  details: () => ['cases', 'detail'] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
};
