import type { SlaKind } from '@gridops/contracts';
import type { Actor, CaseEventType, CaseState, Source, SystemNote } from '@gridops/domain';
import type { CommittedCaseEvent, OutboxPayload } from './case-effects';

export interface JournalEntry {
  caseId: string;
  type: CaseEventType;
  actor: Actor;
  actorName: string;
  fromState: CaseState | null;
  toState: CaseState;
  note?: string | null;
  /** a note the software wrote, as code and values (libs/domain texts/system-notes.ts) */
  systemNote?: SystemNote | null;
  payload?: Record<string, unknown>;
  attachments?: string[];
  at: Date;
  /** outbox topic: `case.created` for a new case, else `case.updated` */
  topic: 'case.created' | 'case.updated';
  deadlineVersion: number;
  /** the case's version after this change: jobs planned from the event carry it, so a late job can tell it is stale */
  caseVersion: number;
  /** a report's source */
  source?: Source;
  /** this event put the case on hold for the desk (case-effects.ts) */
  held?: boolean;
  /** the SLA timer instants of the running deadline this event set (sla-instants.ts) */
  slaTimers?: Record<SlaKind, Date>;
}

/** A data-modifying statement that must produce exactly one row for the journal entries to be written. */
export interface LeadWrite {
  /** e.g. `UPDATE cases SET ... WHERE id = $1 AND version = $2 RETURNING id` (its parameters are in `params`) */
  sql: string;
  params: unknown[];
  /** further writes of the same statement, as `name AS (...)` (their parameters are in `params` too) */
  alongside?: string[];
  /** writes that depend on the lead write (`... FROM w`), so they happen only when it does; same form */
  following?: string[];
  /** extra columns of the answer row, as `expression AS name` */
  answer?: string[];
}

/**
 * One SQL statement that makes a case change, its timeline events and their outbox rows: either all of it commits
 * or none does, in one round trip (a transaction of five statements cost four more). The statement answers one row
 * with `seq0 … seqN` in entry order, or no row when the lead write touched nothing (the version check failed).
 *
 * Each event is inserted from the previous one's result, so their `seq`s follow the entries' order — data-modifying
 * CTEs otherwise run in no defined order — and nothing is written when the lead write matched no row. The outbox
 * rows are one INSERT of the events' results, in entry order.
 */
export function journalStatement(lead: LeadWrite, entries: JournalEntry[]): { sql: string; params: unknown[] } {
  if (entries.length === 0) throw new Error('journalStatement needs at least one entry');
  const params = [...lead.params];
  const p = (value: unknown, cast: string) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
  const ctes: string[] = [...(lead.alongside ?? []), `w AS (${lead.sql})`];
  entries.forEach((e, i) => {
    const from = i > 0 ? ` FROM e${i - 1}` : ' FROM w';
    ctes.push(
      `e${i} AS (INSERT INTO case_events (case_id, type, actor_id, actor_role, actor_name, from_state, to_state, note, system_note, payload, attachments, at)
        SELECT ${p(e.caseId, 'uuid')}, ${p(e.type, 'varchar')}, ${p(e.actor.userId, 'uuid')}, ${p(e.actor.role, 'varchar')}, ${p(e.actorName, 'varchar')},
               ${p(e.fromState, 'varchar')}, ${p(e.toState, 'varchar')}, ${p(e.note ?? null, 'varchar')}, ${p(e.systemNote ? JSON.stringify(e.systemNote) : null, 'jsonb')}, ${p(JSON.stringify(e.payload ?? {}), 'jsonb')},
               ${p(JSON.stringify(e.attachments ?? []), 'jsonb')}, ${p(e.at, 'timestamptz')}${from}
        RETURNING seq)`,
    );
  });
  // one outbox INSERT for all the events, its rows in entry order, so the relay meets them in the order they happened
  const announcements = entries.map(
    (e, i) => `SELECT ${p(e.topic, 'varchar')}, ${p(e.caseId, 'uuid')}, e${i}.seq, ${p(JSON.stringify(outboxPayload(e)), 'jsonb')} FROM e${i}`,
  );
  ctes.push(`o AS (INSERT INTO outbox (topic, case_id, event_seq, payload) ${announcements.join(' UNION ALL ')})`);
  ctes.push(...(lead.following ?? []));
  const seqs = [...entries.map((_, i) => `e${i}.seq AS seq${i}`), ...(lead.answer ?? [])].join(', ');
  const from = entries.map((_, i) => `e${i}`).join(' CROSS JOIN ');
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${seqs} FROM ${from}`, params };
}

/** The `seq`s of a journal statement's answer, in entry order; null when it wrote nothing. */
export function journalSeqs(rows: Record<string, string | number>[], count: number): string[] | null {
  const row = rows[0];
  if (!row) return null;
  return Array.from({ length: count }, (_, i) => String(row[`seq${i}`]));
}

function outboxPayload(e: JournalEntry): OutboxPayload {
  const payload: OutboxPayload = { type: e.type, fromState: e.fromState, toState: e.toState, deadlineVersion: e.deadlineVersion, caseVersion: e.caseVersion };
  if (e.source) payload.source = e.source;
  if (e.held) payload.held = true;
  if (e.slaTimers) payload.slaTimers = { yellow: e.slaTimers.yellow.toISOString(), red: e.slaTimers.red.toISOString(), escalate: e.slaTimers.escalate.toISOString() };
  return payload;
}

/** The committed event an entry became, once its statement answered its seq. */
export const committedEvent = (e: JournalEntry, seq: string): CommittedCaseEvent => ({ caseId: e.caseId, seq, ...outboxPayload(e) });
