import type { Priority, ReturnReason, VoidReason } from './case-actions';

/**
 * What an action may carry, after the HTTP layer has checked types and sizes (libs/contracts).
 * Which of these an action *requires* is a workflow rule, decided in permission.ts and transition.ts.
 */
export interface ActionInput {
  note?: string;
  /** attachment ids or URLs (before/after photos) */
  photos?: string[];
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
