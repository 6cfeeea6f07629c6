import { useCallback, useState } from 'react';
import { isCaseAlert, type AlertMessage, type CaseAlertMessage, type QueueStats } from '@gridops/contracts';
import { useLiveEvent } from '../../live/LiveProvider';
import { pushNewest } from './feed';

export interface QueueSnapshot {
  at: string;
  queues: QueueStats[];
}

/** The latest `queue.stats` figures (the server sends them to the town room every 5 s); null until the first. */
export function useQueueStats(): QueueSnapshot | null {
  const [stats, setStats] = useState<QueueSnapshot | null>(null);
  useLiveEvent('queue.stats', useCallback((m: QueueSnapshot) => setStats(m), []));
  return stats;
}

export const ALARM_KEEP = 20;
const alarmKey = (a: CaseAlertMessage) => `${a.kind}:${a.caseId}:${a.at}`;

/**
 * Alarms about cases raised while the board is open (`alert.raised`: SLA warnings and escalations, sensor alarms),
 * newest first. Trend warnings (kind 'trend') have their own panel.
 */
export function useAlarms(): CaseAlertMessage[] {
  const [alarms, setAlarms] = useState<CaseAlertMessage[]>([]);
  useLiveEvent('alert.raised', useCallback((a: AlertMessage) => (isCaseAlert(a) ? setAlarms((prev) => pushNewest(prev, [a], alarmKey, ALARM_KEEP)) : undefined), []));
  return alarms;
}
