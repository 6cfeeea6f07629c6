import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CaseSummary, CaseView, CategoryView, DistrictView, GridCellView, ListCasesQuery, Me, Page, UnitView, UserView,
} from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { caseKeys } from '@gridops/live-client';
import { api } from './http';

/**
 * Queries every screen shares. Case keys come from @gridops/live-client's factory, because the live client patches
 * exactly those caches from websocket events (no polling).
 */
export const directoryKeys = {
  districts: ['directory', 'districts'] as const,
  gridCells: (district?: string) => ['directory', 'grid-cells', district ?? 'all'] as const,
  categories: ['directory', 'categories'] as const,
  units: ['directory', 'units'] as const,
  users: ['directory', 'users'] as const,
};

const forever = { staleTime: Infinity, gcTime: Infinity } as const;

export const useMe = (enabled: boolean) => useQuery({ queryKey: ['me'], queryFn: () => api<Me>('/auth/me'), enabled, staleTime: 5 * 60_000 });
export const useDistricts = () => useQuery({ queryKey: directoryKeys.districts, queryFn: () => api<DistrictView[]>('/districts'), ...forever });
export const useGridCells = (district?: string) =>
  useQuery({ queryKey: directoryKeys.gridCells(district), queryFn: () => api<GridCellView[]>('/grid-cells', { query: { district } }), ...forever });
export const useCategories = () => useQuery({ queryKey: directoryKeys.categories, queryFn: () => api<CategoryView[]>('/categories'), staleTime: 10 * 60_000 });
export const useUnits = () => useQuery({ queryKey: directoryKeys.units, queryFn: () => api<UnitView[]>('/units'), ...forever });
export const useUsers = (enabled = true) => useQuery({ queryKey: directoryKeys.users, queryFn: () => api<UserView[]>('/users'), enabled, staleTime: 5 * 60_000 });

/** A case list; the live client keeps it current from events (no refetch interval). */
export const useCaseList = (filters: ListCasesQuery, enabled = true) =>
  useQuery({ queryKey: caseKeys.list(filters), queryFn: () => api<Page<CaseSummary>>('/cases', { query: filters as Record<string, string> }), enabled });

export const useCaseView = (id: string | undefined) =>
  useQuery({ queryKey: caseKeys.detail(id ?? ''), queryFn: () => api<CaseView>(`/cases/${id}`), enabled: !!id });

/** Take an action on a case: `{ version, ...input }`; the answer (the new view) replaces the cached one. */
export function useCaseAction(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, input }: { action: CaseAction; input: Record<string, unknown> }) =>
      api<CaseView>(`/cases/${caseId}/actions/${action}`, { method: 'POST', body: input }),
    onSuccess: (view) => {
      qc.setQueryData(caseKeys.detail(caseId), view);
      void qc.invalidateQueries({ queryKey: caseKeys.lists() });
    },
  });
}
