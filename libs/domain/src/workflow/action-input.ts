import type { Priority, ReturnReason, VoidReason } from './case-actions';

/**
 * What a photo or file attached to a case shows: 处置前 before, 处置后 after, 上报 the report's own evidence, other.
 * Values are persisted (attachments.kind): never rename them.
 */
export const ATTACHMENT_KINDS = ['before', 'after', 'report', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** An uploaded attachment an action carries, as the server resolved it (it exists and the actor may attach it). */
export interface AttachmentRef {
  id: string;
  kind: AttachmentKind;
}

/**
 * What an action may carry, after the HTTP layer has checked types and sizes (libs/contracts).
 * Which of these an action *requires* is a workflow rule, decided in permission.ts and transition.ts.
 */
export interface ActionInput {
  note?: string;
  /** uploaded photos and files this step brings (before/after photos): `handle` may need an `after` one */
  attachments?: readonly AttachmentRef[];
  reasonCode?: VoidReason | ReturnReason;
  /** dispatch: a person or a 处置单位 */
  assignee?: { userId?: string; unitCode?: string };
  /** send-check: who checks the fix */
  checkerUserId?: string;
  /** file: the shift lead may correct these */
  categoryCode?: string;
  priority?: Priority;
  urgent?: boolean;
  /** request-extension: the deadline asked for; approve-extension: the one granted (defaults to the asked one) */
  dueAt?: Date;
  /** callback: was the reporter satisfied */
  satisfied?: boolean;
  /** merge: the case this one duplicates */
  targetCaseId?: string;
  /**
   * Flags only the pipeline (actor `system`) sets, on a `comment`: they change no state, only what the desk sees.
   * Not part of the HTTP contract.
   */
  systemFlags?: { dispatchHold?: string | null; suggestedDuplicateOf?: string | null };
}
