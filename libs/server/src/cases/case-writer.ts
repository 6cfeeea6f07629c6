import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { pickWorkflowCase, type ActorRole, type WorkflowCase } from '@gridops/domain';
import { OutboxNotifier } from '../platform/outbox/outbox-notifier.service';
import { queryPrepared } from '../platform/database/prepared';
import { Metrics } from '../platform/metrics/metrics';
import type { CommittedCaseEvent } from './case-effects';
import { committedEvent, journalSeqs, journalStatement, type JournalEntry, type LeadWrite } from './case-journal';
import { CaseColumns } from './case-columns';
import { CASE_VERSION_RETURNING, insertCaseVersionsSql } from './case-version-sql';
import type { CaseEntity } from './case.entity';

/** An Idempotency-Key a report is written with (its unique index makes a repeat collide). */
export interface ReportKey {
  principal: string;
  key: string;
  requestHash: string;
}

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
  private readonly columns: CaseColumns;

  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly outbox: OutboxNotifier,
    private readonly publisher: CaseEventPublisher,
    private readonly metrics: Metrics,
  ) {
    this.columns = new CaseColumns(ds);
  }

  /**
   * A new case (and the caller's Idempotency-Key, when given), its first event and outbox row: one statement.
   * Answers the event's seq.
   */
  async commitReport(m: EntityManager, row: CaseEntity, entry: JournalEntry, key: ReportKey | null): Promise<string> {
    const params: unknown[] = [];
    const { columns, values } = this.columns.insertParts(row, params);
    const alongside: string[] = [];
    if (key) {
      params.push(key.principal, key.key, key.requestHash, row.id, row.createdAt);
      const n = params.length;
      alongside.push(`k AS (INSERT INTO idempotency_keys (principal, key, request_hash, case_id, created_at) VALUES ($${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}))`);
    }
    const seqs = await this.commit(m, { sql: `INSERT INTO cases (${columns}) VALUES (${values}) RETURNING ${CASE_VERSION_RETURNING}`, params, alongside }, [entry]);
    if (!seqs) throw new Error('report insert returned no row');
    return seqs[0];
  }

  /**
   * The case moves from `before` to `after` — one UPDATE, only if nobody changed it since `before` was read — and the
   * entries join the timeline and the outbox, in the same statement. Null when someone else's change won.
   */
  commitChange(m: EntityManager, before: CaseEntity, after: WorkflowCase | CaseEntity, entries: JournalEntry[], now: Date): Promise<string[] | null> {
    const params: unknown[] = [];
    const { id: _id, ...changes } = pickWorkflowCase(after);
    const set = this.columns.setClause(changes, params);
    params.push(now, before.id, before.version, entries.filter((e) => e.caseId === before.id).length);
    const n = params.length;
    // updated_at never runs backwards (a writer whose clock is behind the previous one's): a case's versions, valid
    // from it, stay in the order they were written
    return this.commit(
      m,
      {
        sql: `UPDATE cases SET ${set}, updated_at = greatest($${n - 3}::timestamptz, updated_at), version = version + $${n}
               WHERE id = $${n - 2} AND version = $${n - 1} RETURNING ${CASE_VERSION_RETURNING}`,
        params,
      },
      entries,
      before.id,
    );
  }

  /**
   * The lead write, the entries on the timeline and their outbox rows: all of it commits or none does. The lead
   * write's case row becomes its next version in the same statement (回放: case_versions, append-only), with the seq
   * of the last event the statement wrote for that case.
   */
  private async commit(m: EntityManager, lead: LeadWrite, entries: JournalEntry[], caseId = entries[0].caseId): Promise<string[] | null> {
    const last = entries.map((e) => e.caseId).lastIndexOf(caseId);
    if (last < 0) throw new Error('a case write needs an event of its case');
    const version = `v AS (${insertCaseVersionsSql('w', `w CROSS JOIN e${last}`, `e${last}.seq`)})`;
    const { sql, params } = journalStatement({ ...lead, following: [...(lead.following ?? []), version] }, entries);
    return journalSeqs(await queryPrepared<Record<string, string>>(m, sql, params), entries.length);
  }

  /** After commit — never before, so no board shows a rolled-back change: wake the relay, tell the boards. */
  published(entries: JournalEntry[], seqs: string[], cases: CaseEntity[]): void {
    this.outbox.wake();
    this.count(entries, cases);
    this.publisher.published(
      entries.map((e, i) => ({ ...committedEvent(e, seqs[i]), actor: { role: e.actor.role, name: e.actorName }, at: e.at })),
      cases,
    );
  }

  /** Every committed event passes here once: reports by source, actions by name, report → dispatch latency. */
  private count(entries: JournalEntry[], cases: CaseEntity[]): void {
    for (const e of entries) {
      if (e.type === 'report') {
        if (e.source) this.metrics.reportsAccepted.inc({ source: e.source });
        continue;
      }
      this.metrics.transitions.inc({ action: e.type });
      if (e.type === 'dispatch') {
        const c = cases.find((x) => x.id === e.caseId);
        if (c?.reportedAt) this.metrics.reportToDispatch.observe({ source: c.source }, Math.max(0, (e.at.getTime() - new Date(c.reportedAt).getTime()) / 1000));
      }
    }
  }
}
