import { JobName, type NotificationKind } from '@gridops/contracts';
import type { PlannedJob } from '../platform/queue/job-queue.service';

/** A notify job whose id is also its dedupe key (see notify.processor.ts). */
export function notifyJob(kind: NotificationKind, caseId: string, key: string, userIds?: string[]): PlannedJob<typeof JobName.Notify> {
  return { name: JobName.Notify, payload: { kind, caseId, key, ...(userIds ? { userIds } : {}) }, jobId: key };
}
