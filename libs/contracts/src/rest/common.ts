import { z } from 'zod';
import { INPUT_BOUNDS } from '@gridops/domain';

/** Bounds every free text so a request can never carry megabytes in a field. */
export const LIMITS = {
  description: 2000,
  /** an action's note: the workflow's bound (libs/domain INPUT_BOUNDS) */
  note: INPUT_BOUNDS.noteMaxLength,
  address: 200,
  name: 50,
  phone: 30,
  /** photos a report or a step brings */
  photos: INPUT_BOUNDS.maxAttachments,
  text: 100,
  pageSize: 200,
  idempotencyKey: 128,
} as const;

export const trimmed = (max: number) => z.string().trim().min(1).max(max);
export const uuid = z.uuid();
/** Instants travel as ISO 8601 strings with an offset. */
export const isoInstant = z.iso.datetime({ offset: true });

/** The one error shape of every non-2xx answer (architecture.md §4). */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface Page<T> {
  items: T[];
  /** pass back as `cursor` for the next page; null on the last page */
  nextCursor: string | null;
  /** how many items match in all, when asked for (`count=true` on case lists) */
  total?: number;
}

/**
 * An answer a live screen starts from (the open map, the board's figures, a case list): `seq` is the last case event
 * (`case_events.seq`) committed when it was read — everything up to it is in the answer. A screen that then loses
 * its socket resumes from it, even before it has received a single live event (libs/live-client).
 */
export interface TakenAtSeq {
  seq: string;
}
