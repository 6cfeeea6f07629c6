import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { CaseSummary, CaseView, ListCasesQuery, Me, Page } from '@gridops/contracts';
import { caseKeys } from '@gridops/live-client';
import { api } from '../../api/http';
import { savePhotos } from '../../offline/photo-cache';
import { tabQueries, type FieldTab } from './field-tabs';
import { mergeCases, sortByDeadline, sortByRecent } from './task-sort';
import type { NotificationView } from '@gridops/contracts';
export type { NotificationView };

const listQuery = (filters: ListCasesQuery) => ({
  // the same key as useCaseList: the live client patches (or refetches) exactly these caches, no polling
  queryKey: caseKeys.list(filters),
  queryFn: () => api<Page<CaseSummary>>('/cases', { query: filters as Record<string, string> }),
});

export interface TabData {
  tasks: CaseSummary[];
  isLoading: boolean;
  error: unknown;
  /** a query hit its page limit: older items exist beyond what is shown */
  truncated: boolean;
  /** when the oldest of its lists was last current (epoch ms; 0 before any answer) — shown offline */
  updatedAt: number;
  refetch: () => void;
}

/** The tasks of one tab: its queries merged, sorted by deadline (or by recency for finished work). */
export function useTab(tab: FieldTab, me: Pick<Me, 'role'>): TabData {
  const results = useQueries({ queries: tabQueries(tab, me).map(listQuery) });
  const pages = results.map((r) => r.data);
  // merge only when a page changed (TanStack keeps unchanged data referentially equal)
  const tasks = useMemo(() => {
    const merged = mergeCases(pages.map((p) => p?.items));
    return tab === 'done' ? sortByRecent(merged) : sortByDeadline(merged);
  }, [tab, ...pages]);
  return {
    tasks,
    isLoading: results.some((r) => r.isLoading),
    error: results.find((r) => r.error)?.error ?? null,
    truncated: results.some((r) => !!r.data?.nextCursor),
    updatedAt: results.every((r) => r.dataUpdatedAt > 0) ? Math.min(...results.map((r) => r.dataUpdatedAt)) : 0,
    refetch: () => results.forEach((r) => void r.refetch()),
  };
}

/**
 * Each open task's file is fetched once as it is listed, and kept, so the worker can open it without coverage
 * (#15): one request per task that joins the lists — none per event, since the live client patches a cached file.
 */
export function usePrefetchDetails(tasks: readonly CaseSummary[]): void {
  const qc = useQueryClient();
  useEffect(() => {
    for (const c of tasks) {
      // fetched only when not cached at all (a file the live client marked stale is refreshed when opened, not
      // here); gcTime Infinity: kept while the app is open
      // its photos too, once each (photo-cache.ts), for a worker who opens the task without coverage
      void qc
        .ensureQueryData({ queryKey: caseKeys.detail(c.id), queryFn: () => api<CaseView>(`/cases/${c.id}`), gcTime: Infinity })
        .then((view) => savePhotos(view.attachments))
        .catch(() => undefined);
    }
  }, [qc, tasks]);
}


export const notificationKeys = { mine: ['notifications', 'mine'] as const };

/** The signed-in user's messages (站内消息); the `notification` socket event refreshes them. */
export const useNotifications = () =>
  useQuery({ queryKey: notificationKeys.mine, queryFn: () => api<NotificationView[]>('/notifications'), staleTime: 60_000 });
