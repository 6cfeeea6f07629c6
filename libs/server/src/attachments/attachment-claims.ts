import { In, IsNull, type EntityManager } from 'typeorm';
import type { AttachmentRef } from '@gridops/domain';
import { conflict, unprocessable } from '../platform/errors/api-error';
import { AttachmentEntity } from './attachment.entity';

export type AttachmentCheck = { ok: true; refs: AttachmentRef[] } | { ok: false; message: string; problems: { id: string; problem: string }[] };

/**
 * Attachments named by a report or an action: each must exist, have been uploaded by the same caller, and not be
 * attached yet. Answers their kinds (for the after-photo rule) in the order given, or every problem at once.
 */
export async function checkAttachments(m: EntityManager, ids: readonly string[] | undefined, principal: string | null): Promise<AttachmentCheck> {
  if (!ids || ids.length === 0) return { ok: true, refs: [] };
  const rows = principal ? await m.getRepository(AttachmentEntity).findBy({ id: In([...ids]) }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const problems: { id: string; problem: string }[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    // someone else's upload is reported as unknown: its existence is not the caller's business
    if (!row || row.uploadedBy !== principal) problems.push({ id, problem: 'unknown attachment (upload it first with POST /api/v1/attachments)' });
    else if (row.caseId !== null) problems.push({ id, problem: 'already attached to a case' });
  }
  if (problems.length) return { ok: false, message: `附件无效 / ${problems.map((p) => `${p.id}: ${p.problem}`).join('; ')}`.slice(0, 500), problems };
  return {
    ok: true,
    refs: ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [{ id, kind: row.kind }] : [];
    }),
  };
}

/** checkAttachments for a report: its problems are one 422 listing them all. */
export async function resolveAttachments(m: EntityManager, ids: readonly string[] | undefined, principal: string | null): Promise<AttachmentRef[]> {
  const checked = await checkAttachments(m, ids, principal);
  if (!checked.ok) throw unprocessable('INVALID_ATTACHMENT', checked.message, checked.problems);
  return checked.refs;
}

/**
 * Attach them to the case and the timeline event, inside the caller's transaction. The `case_id IS NULL` condition
 * makes two concurrent uses of one photo safe: the second finds fewer rows and its whole change rolls back (409).
 */
export async function claimAttachments(
  m: EntityManager,
  refs: readonly AttachmentRef[],
  claim: { principal: string; caseId: string; eventSeq: string; at: Date },
): Promise<void> {
  if (refs.length === 0) return;
  const ids = refs.map((r) => r.id);
  const res = await m
    .createQueryBuilder()
    .update(AttachmentEntity)
    .set({ caseId: claim.caseId, eventSeq: claim.eventSeq, attachedAt: claim.at })
    .where({ id: In(ids), caseId: IsNull(), uploadedBy: claim.principal })
    .execute();
  if (res.affected !== ids.length) throw conflict('an attachment was attached elsewhere just now; upload the photo again');
}
