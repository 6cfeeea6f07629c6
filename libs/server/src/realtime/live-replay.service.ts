import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { RESUME_MAX_AGE_MS, RESUME_MAX_EVENTS, type CaseEventMessage } from '@gridops/contracts';
import type { Actor } from '@gridops/domain';
import { CaseEntity } from '../cases/case.entity';
import { CaseEventEntity } from '../cases/case-event.entity';
import { toSummary } from '../cases/case.mapper';
import { applyCaseScope } from '../cases/case-scope';
import { ReadDatabase } from '../platform/read-replica/read-database';
import { CommitHorizon } from './commit-horizon';

/** `settledThrough`: CommitHorizon's answer, read before the replay (contracts `resume.done`) */
export type Replay = { kind: 'events'; events: CaseEventMessage[]; settledThrough: string | null } | { kind: 'resync'; reason: string };

/**
 * What a reconnecting board missed: the events after the seq it names that the caller may see, in order, from
 * case_events, with the settled horizon (CommitHorizon) — or "resync" when that is more than RESUME_MAX_EVENTS or
 * reaches back past RESUME_MAX_AGE_MS.
 */
@Injectable()
export class LiveReplayService {
  constructor(
    private readonly reads: ReadDatabase,
    private readonly horizon: CommitHorizon,
  ) {}

  /**
   * From the read replica only when it has replayed everything the primary had written when the resume arrived
   * (`caughtUp`): a replica a few hundred ms behind would leave out the newest events, which the board missed.
   */
  async since(afterSeq: string, actor: Actor, now = new Date()): Promise<Replay> {
    if (!/^\d{1,18}$/.test(afterSeq)) return { kind: 'resync', reason: 'afterSeq must be a sequence number' };
    // before the replay is read: every seq up to it is then in the replay, if the caller may see it (#16)
    const settledThrough = await this.horizon.settledThrough().catch(() => null);
    return this.reads.read((ds) => this.replayOn(ds, afterSeq, actor, now, settledThrough), { caughtUp: true });
  }

  private async replayOn(ds: DataSource, afterSeq: string, actor: Actor, now: Date, settledThrough: string | null): Promise<Replay> {
    const first = (await ds.query(`SELECT at FROM case_events WHERE seq > $1 ORDER BY seq LIMIT 1`, [afterSeq])) as { at: Date }[];
    if (first.length === 0) return { kind: 'events', events: [], settledThrough };
    if (now.getTime() - new Date(first[0].at).getTime() > RESUME_MAX_AGE_MS) return { kind: 'resync', reason: 'last seen more than 24 h ago' };
    const qb = ds
      .getRepository(CaseEventEntity)
      .createQueryBuilder('e')
      .innerJoinAndMapOne('e.case', CaseEntity, 'c', 'c.id = e.case_id')
      .where('e.seq > :afterSeq', { afterSeq })
      .orderBy('e.seq', 'ASC')
      .limit(RESUME_MAX_EVENTS + 1);
    const rows = await applyCaseScope(qb, 'c', actor).getMany();
    if (rows.length > RESUME_MAX_EVENTS) return { kind: 'resync', reason: `more than ${RESUME_MAX_EVENTS} events missed` };
    return {
      kind: 'events',
      settledThrough,
      events: rows.map((e) => ({
        seq: e.seq,
        type: e.type,
        caseId: e.caseId,
        fromState: e.fromState,
        toState: e.toState,
        actor: { role: e.actorRole, name: e.actorName },
        at: e.at.toISOString(),
        case: toSummary(e.case as CaseEntity, now),
        replay: true,
      })),
    };
  }
}
