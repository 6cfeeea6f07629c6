import type { ZodType } from 'zod';
import { ApiError, badRequest } from '../errors/api-error';
import { findUnstorableText } from './storable-text';

export interface IssueDetail {
  path: string;
  message: string;
}

/** An item of a batch refused on its own: where it stood, what it was, and why. */
export interface RefusedBatchItem {
  index: number;
  raw: unknown;
  /** the details joined, at most 300 characters */
  message: string;
  details: IssueDetail[];
}

/**
 * The one reading of a sensor platform's batch (IoT alarms, video detections): the envelope must parse (else 400
 * with every issue) and hold at most `max` items (else 413); then each item is checked on its own — text Postgres
 * cannot store (the edge guard leaves items to us, to refuse one by one) or a failed schema refuses that item only.
 */
export function readIngestBatch<E, I>(
  body: unknown,
  batch: { schema: ZodType<E>; items: (e: E) => unknown[]; max: number; noun: string },
  itemSchema: ZodType<I>,
): { envelope: E; valid: { index: number; item: I }[]; refused: RefusedBatchItem[] } {
  const envelope = batch.schema.safeParse(body);
  if (!envelope.success) {
    const details = envelope.error.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : '(body)', message: i.message }));
    throw badRequest(`invalid ${batch.noun} batch: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`.slice(0, 500), details);
  }
  const items = batch.items(envelope.data);
  if (items.length > batch.max) {
    throw new ApiError(413, 'BATCH_TOO_LARGE', `a batch holds at most ${batch.max} ${batch.noun}s (this one has ${items.length}); send it in parts`);
  }
  const valid: { index: number; item: I }[] = [];
  const refused: RefusedBatchItem[] = [];
  items.forEach((raw, index) => {
    const unstorable = findUnstorableText(raw, '');
    const parsed = unstorable ? null : itemSchema.safeParse(raw);
    if (parsed?.success) return valid.push({ index, item: parsed.data });
    const details = unstorable ? [{ path: unstorable.path || '(item)', message: unstorable.message }] : (parsed?.error.issues ?? []).map((i) => ({ path: i.path.join('.') || '(item)', message: i.message }));
    refused.push({ index, raw, details, message: details.map((d) => `${d.path}: ${d.message}`).join('; ').slice(0, 300) });
  });
  return { envelope: envelope.data, valid, refused };
}
