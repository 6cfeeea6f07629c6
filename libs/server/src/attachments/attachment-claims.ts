import { In, IsNull, type EntityManager } from 'typeorm';
import type { AttachmentRef } from '@gridops/domain';
import { conflict, unprocessable } from '../platform/errors/api-error';
import { AttachmentEntity } from './attachment.entity';

/**
 * Attachments named by a report or an action: each must exist, have been uploaded by the same caller, and not be
 * attached yet. Answers their kinds (for the after-photo rule) in the order given; anything else is one 422 listing
 * every problem.
 */
export async function resolveAttachments(m: EntityManager, ids: readonly string[] | undefined, principal: string | null): Promise<AttachmentRef[]> {
  if (!ids || ids.length === 0) return [];
  const rows = principal ? await m.getRepository(AttachmentEntity).findBy({ id: In([...ids]) }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const problems: { id: string; problem: string }[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    // someone else's upload is reported as unknown: its existence is not the caller's business
    if (!row || row.uploadedBy !== principal) problems.push({ id, problem: 'unknown attachment (upload it first with POST /api/v1/attachments)' });
    else if (row.caseId !== null) problems.push({ id, problem: 'already attached to a case' });
  }
  if (problems.length) {
    throw unprocessable('INVALID_ATTACHMENT', `附件无效 / ${problems.map((p) => `${p.id}: ${p.problem}`).join('; ')}`.slice(0, 500), problems);
  }
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ id, kind: row.kind }] : [];
  });
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
