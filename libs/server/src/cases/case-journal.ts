import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Actor, CaseEventType, CaseState } from '@gridops/domain';
import { OutboxEntity } from '../platform/outbox/outbox.entity';
import { CaseEventEntity } from './case-event.entity';

export interface JournalEntry {
  caseId: string;
  type: CaseEventType;
  actor: Actor;
  actorName: string;
  fromState: CaseState | null;
  toState: CaseState;
  note?: string | null;
  payload?: Record<string, unknown>;
  attachments?: string[];
  at: Date;
  /** outbox topic: `case.created` for a new case, else `case.updated` */
  topic: 'case.created' | 'case.updated';
  deadlineVersion: number;
  /** the case's version after this change: jobs planned from the event carry it, so a late job can tell it is stale */
  caseVersion: number;
}

/**
 * Append one timeline event and its outbox row, inside the caller's transaction: either the change, its history and
 * its announcement all commit, or none does.
 */
export async function appendToJournal(m: EntityManager, e: JournalEntry): Promise<string> {
  const inserted = await m
    .createQueryBuilder()
    .insert()
    .into(CaseEventEntity)
    .values({
      caseId: e.caseId,
      type: e.type,
      actorId: e.actor.userId,
      actorRole: e.actor.role,
      actorName: e.actorName,
      fromState: e.fromState,
      toState: e.toState,
      note: e.note ?? null,
      payload: (e.payload ?? {}) as QueryDeepPartialEntity<Record<string, unknown>>,
      attachments: e.attachments ?? [],
      at: e.at,
    })
    .updateEntity(false)
    .returning(['seq'])
    .execute();
  const seq = String((inserted.raw as { seq: string }[])[0].seq);
  await m
    .createQueryBuilder()
    .insert()
    .into(OutboxEntity)
    .values({
      topic: e.topic,
      caseId: e.caseId,
      eventSeq: seq,
      payload: { type: e.type, fromState: e.fromState, toState: e.toState, deadlineVersion: e.deadlineVersion, caseVersion: e.caseVersion } as QueryDeepPartialEntity<Record<string, unknown>>,
    })
    .updateEntity(false)
    .execute();
  return seq;
}
