import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { AlertMessage, ListWarningsQuery, Page, TrendWarningView } from '@gridops/contracts';
import { TREND_RUN_INTERVAL_MS } from '@gridops/contracts';
import { api } from '../../api/http';
import { useLiveEvent } from '../../live/LiveProvider';

export const warningKeys = {
  all: ['warnings'] as const,
  list: (q: ListWarningsQuery) => ['warnings', 'list', q] as const,
};

/**
 * Trend warnings (`GET /warnings`). A new warning arrives live (`alert.raised`, kind 'trend') and refetches the
 * lists; a warning clears only at a detection run, so the lists are also read again once per run interval.
 */
export function useWarnings(q: ListWarningsQuery, enabled = true) {
  useTrendAlerts();
  return useQuery({
    queryKey: warningKeys.list(q),
    queryFn: () => api<Page<TrendWarningView>>('/warnings', { query: q as Record<string, string> }),
    enabled,
    refetchInterval: TREND_RUN_INTERVAL_MS,
  });
}

/** Refetch every warning list when a trend alert arrives. */
export function useTrendAlerts(): void {
  const qc = useQueryClient();
  useLiveEvent(
    'alert.raised',
    useCallback((a: AlertMessage) => {
      if (a.kind === 'trend') void qc.invalidateQueries({ queryKey: warningKeys.all });
    }, [qc]),
  );
}

/** A supervisor or shift lead acknowledges a warning; every list is read again. */
export function useAcknowledgeWarning() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<TrendWarningView>(`/warnings/${id}/acknowledge`, { method: 'POST' }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: warningKeys.all }),
  });
}

export const ACK_ROLES: readonly string[] = ['supervisor', 'shift_lead'];
