import type { ActionRequest, AttachmentKind, CreateReportRequest } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';

/**
 * What the phone keeps until the server has it (待发送): a new report (上报) or an action on a case, with the photos
 * it brings. Entries live in IndexedDB, so a closed tab, a reload or a dead battery loses nothing.
 */
export interface QueuedPhoto {
  /** stable id of this photo inside its entry */
  localId: string;
  kind: AttachmentKind;
  /** the downscaled JPEG as it will be uploaded */
  blob: Blob;
  name: string;
  /** set once the upload succeeded, so a retry never uploads the same photo twice */
  attachmentId: string | null;
}

export interface QueuedReport {
  type: 'report';
  body: Omit<CreateReportRequest, 'attachmentIds'>;
}

export interface QueuedAction {
  type: 'action';
  caseId: string;
  caseNumber: string;
  action: CaseAction;
  /** `{ version, ...input }` without the photos (their ids are added when sent) */
  body: Omit<ActionRequest, 'attachmentIds'>;
  /**
   * The newest timeline seq the worker had seen when acting: when a retry meets 409 (the version moved), a timeline
   * event of this action by the same person after this seq proves the first try went through.
   */
  knownSeq: string | null;
  /**
   * The key of the queued action on the same case this one was made after (签收 then 处置反馈, both without
   * coverage): it is sent only once that one is through, on the version that one left. Absent on older entries.
   */
  after?: string | null;
}

export type EntryStatus = 'pending' | 'failed';

export interface EntryError {
  status: number;
  code: string;
  message: string;
}

export type OutboxEntry = (QueuedReport | QueuedAction) & {
  /**
   * The idempotency key and the store's primary key. Reports send it as `Idempotency-Key`; actions use
   * `<caseId>:<action>:v<version>` because the version itself makes a replay harmless (409, never a second step).
   */
  key: string;
  /** whose entry this is: only that user's session sends it */
  userId: string;
  /** a short line for the 待发送 list (category, case number) */
  label: string;
  photos: QueuedPhoto[];
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** pending: will be retried; failed: the server refused it, waits for the worker to retry or discard */
  status: EntryStatus;
  lastError: EntryError | null;
};

export type NewEntry = (QueuedReport | QueuedAction) & Pick<OutboxEntry, 'key' | 'userId' | 'label' | 'photos'>;

/** The key of an action: the same action on the same version of a case is the same request. */
export const actionKey = (caseId: string, action: CaseAction, version: number) => `${caseId}:${action}:v${version}`;
