import { JobName, type SlaKind } from '@gridops/contracts';
import type { PlannedJob } from '../platform/queue/job-queue.service';

export const SLA_KINDS: readonly SlaKind[] = ['yellow', 'red', 'escalate'];

export const slaJobId = (caseId: string, kind: SlaKind, deadlineVersion: number) => `sla-${caseId}-${kind}-${deadlineVersion}`;

/** The three delayed timer jobs of one deadline version (ids carry it, so planning them twice keeps one each). */
export function slaTimerJobs(caseId: string, deadlineVersion: number, at: Record<SlaKind, Date>, now: number): PlannedJob[] {
  return SLA_KINDS.map((kind) => ({
    name: JobName.CheckSla,
    payload: { caseId, deadlineVersion, kind },
    jobId: slaJobId(caseId, kind, deadlineVersion),
    delayMs: Math.max(0, at[kind].getTime() - now),
  }));
}
