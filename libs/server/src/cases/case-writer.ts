import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActorRole } from '@gridops/domain';
import { OutboxNotifier } from '../platform/outbox/outbox-notifier.service';
import { queryPrepared } from '../platform/database/prepared';
import type { CommittedCaseEvent } from './case-effects';
import { committedEvent, journalSeqs, journalStatement, type JournalEntry, type LeadWrite } from './case-journal';
import type { CaseEntity } from './case.entity';

/** A committed event with who did it and when: what the boards are told. */
export interface PublishedCaseEvent extends CommittedCaseEvent {
  actor: { role: ActorRole; name: string };
  at: Date;
}

/**
 * Tells the boards of committed events (realtime's CaseBroadcaster, provided globally by each app's RealtimeModule).
 * Declared here so the case writer depends on no feature module: realtime depends on cases, not the other way.
 */
export abstract class CaseEventPublisher {
  /** Fire and forget: the caller's answer never waits on the fan-out. `cases`: rows the caller holds as committed. */
  abstract published(events: PublishedCaseEvent[], cases: CaseEntity[]): void;
}

/**
 * The one writer of case changes (commit), and what follows a commit (publish). Every writer — actions, reports,
 * the pipeline, alarms, the 12345 import — commits through `commit` and then calls `published`; what each event
 * causes besides (jobs, notices, timers) is planned by the relay from the outbox rows (case-effects.ts).
 */
@Injectable()
export class CaseWriter {
  constructor(
    private readonly outbox: OutboxNotifier,
    private readonly publisher: CaseEventPublisher,
  ) {}

  /**
   * One statement: the lead write (a case INSERT or a versioned UPDATE), the entries on the timeline and their outbox
   * rows. Answers the entries' seqs in order, or null when the lead write touched nothing (the version check failed).
   */
  async commit(m: EntityManager, lead: LeadWrite, entries: JournalEntry[]): Promise<string[] | null> {
    const { sql, params } = journalStatement(lead, entries);
    return journalSeqs(await queryPrepared<Record<string, string>>(m, sql, params), entries.length);
  }

  /** After commit — never before, so no board shows a rolled-back change: wake the relay, tell the boards. */
  published(entries: JournalEntry[], seqs: string[], cases: CaseEntity[]): void {
    this.outbox.wake();
    this.publisher.published(
      entries.map((e, i) => ({ ...committedEvent(e, seqs[i]), actor: { role: e.actor.role, name: e.actorName }, at: e.at })),
      cases,
    );
  }
}
