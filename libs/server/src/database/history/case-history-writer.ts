import type { EntityManager } from 'typeorm';
import { formatCaseNumber, townDateOf } from '@gridops/domain';
import { effectsOf } from '../../cases/case-effects';
import { addCaseTextsSql } from '../../cases/case-texts-sql';
import { CASE_VERSION_RETURNING, insertCaseVersionsSql } from '../../cases/case-version-sql';
import { NoticeWriter, noticeKeyOf } from '../../notify/notice-writer';
import type { PlannedCase } from './case-history-plan';

/** Notices older than this are written as read: the people they were for have seen them long ago. */
const UNREAD_NOTICES_MS = 2 * 3_600_000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const CASE_COLUMNS = `id uuid, number varchar, source varchar, category_code varchar, description varchar, lat float8, lng float8, address varchar,
  district_code varchar, grid_cell_code varchar, state varchar, escalated_to_district boolean, assignee_user_id uuid, assignee_unit_code varchar,
  fixer_user_id uuid, checker_user_id uuid, rework_count int, extension_count int, return_count int, deadline_version int,
  handling_started_at timestamptz, handling_due_at timestamptz, handling_limit_unit varchar, suspended_remaining_minutes float8,
  step_started_at timestamptz, step_due_at timestamptz, clock_yellow_at timestamptz, clock_due_at timestamptz, void_reason varchar,
  reported_at timestamptz, filed_at timestamptz, dispatched_at timestamptz, accepted_at timestamptz, handled_at timestamptz,
  checked_at timestamptz, closed_at timestamptz, reported_by uuid, version int, device_id varchar, camera_id varchar, updated_at timestamptz`;
const CASE_NAMES = CASE_COLUMNS.split(',').map((c) => c.trim().split(/\s+/)[0]);

/**
 * Writes planned cases as the case writer would have left them, in three statements: the case rows (numbered
 * CZ-YYYYMMDD-NNNN after the day's counter, which moves on), their timeline events in order, and one outbox row per
 * event as case-journal.ts writes it — already published (these events were relayed long ago: the relay, the boards
 * and the queues must not see them again), so their searchable texts are written here (case-texts-sql.ts); each case gets one
 * case_versions row (its final state, as CaseWriter would have left it).
 * The notices the relay wrote for the events of the cases still open are written too, as of then: a worker whose
 * Redis starts empty re-relays the open cases' rows (jobs-rebuild.ts) to plan their timers, and their notices are
 * then already there (deduplicated by key) instead of arriving all at once. Returns the number of events written.
 */
export async function writeCaseHistory(db: EntityManager, cases: readonly PlannedCase[]): Promise<number> {
  if (!cases.length) return 0;
  const sorted = [...cases].sort((a, b) => a.report.reportedAt.getTime() - b.report.reportedAt.getTime());
  const days = [...new Set(sorted.map((c) => townDateOf(c.report.reportedAt)))];
  const counters = (await db.query(`SELECT day::text AS day, last FROM case_number_counters WHERE day = ANY($1::date[])`, [days])) as { day: string; last: number }[];
  const next = new Map(counters.map((r) => [r.day, Number(r.last)]));
  const rows = sorted.map((p) => {
    const day = townDateOf(p.report.reportedAt);
    const n = (next.get(day) ?? 0) + 1;
    next.set(day, n);
    const { case: c, report: r } = p;
    return {
      id: c.id,
      number: formatCaseNumber(day, n),
      source: r.source,
      category_code: r.categoryCode,
      description: r.description,
      lat: r.lat,
      lng: r.lng,
      address: r.address,
      district_code: r.districtCode,
      grid_cell_code: r.gridCellCode,
      state: c.state,
      escalated_to_district: c.escalatedToDistrict,
      assignee_user_id: c.assigneeUserId,
      assignee_unit_code: c.assigneeUnitCode,
      fixer_user_id: c.fixerUserId,
      checker_user_id: c.checkerUserId,
      rework_count: c.reworkCount,
      extension_count: c.extensionCount,
      return_count: c.returnCount,
      deadline_version: c.deadlineVersion,
      handling_started_at: iso(c.handlingStartedAt),
      handling_due_at: iso(c.handlingDueAt),
      handling_limit_unit: c.handlingLimitUnit,
      suspended_remaining_minutes: c.suspendedRemainingMinutes,
      step_started_at: iso(c.stepStartedAt),
      step_due_at: iso(c.stepDueAt),
      clock_yellow_at: iso(c.clockYellowAt),
      clock_due_at: iso(c.clockDueAt),
      void_reason: c.voidReason,
      reported_at: iso(r.reportedAt),
      filed_at: iso(c.filedAt),
      dispatched_at: iso(c.dispatchedAt),
      accepted_at: iso(c.acceptedAt),
      handled_at: iso(c.handledAt),
      checked_at: iso(c.checkedAt),
      closed_at: iso(c.closedAt),
      reported_by: p.reportedBy,
      version: p.version,
      device_id: r.deviceId ?? null,
      camera_id: r.cameraId ?? null,
      updated_at: iso(p.events[p.events.length - 1].at),
    };
  });
  // each case its one version, as it stands at the end of its history (回放: the history is not replayable step by
  // step — replay_origin says from when it is; seed-demo-history.ts moves it past the history)
  await db.query(
    `WITH c AS (
       INSERT INTO cases (${CASE_NAMES.join(', ')}, priority, created_at)
       SELECT ${CASE_NAMES.map((n) => `r.${n}`).join(', ')}, 'P2', r.reported_at FROM jsonb_to_recordset($1::jsonb) AS r(${CASE_COLUMNS})
       RETURNING ${CASE_VERSION_RETURNING})
     ${insertCaseVersionsSql('c', 'c', 'NULL::bigint')}`,
    [JSON.stringify(rows)],
  );
  // their searchable texts: the relay adds a case's when it relays its report, and these outbox rows are published
  await db.query(addCaseTextsSql('SELECT unnest($1::uuid[])'), [rows.map((r) => r.id)]);
  await db.query(
    `INSERT INTO case_number_counters (day, last) SELECT d, l FROM unnest($1::date[], $2::int[]) AS x(d, l)
     ON CONFLICT (day) DO UPDATE SET last = greatest(case_number_counters.last, EXCLUDED.last)`,
    [[...next.keys()], [...next.values()]],
  );
  // events in the order they happened, case by case: seq orders a timeline, and the outbox row names its event's seq
  const events = sorted.flatMap((c) =>
    c.events.map((e, i) => ({
      case_id: c.case.id,
      ord: i,
      type: e.type,
      actor_id: e.actor.id,
      actor_role: e.actor.role,
      actor_name: e.actor.name,
      from_state: e.fromState,
      to_state: e.toState,
      at: e.at.toISOString(),
      topic: e.type === 'report' ? 'case.created' : 'case.updated',
      payload: { type: e.type, fromState: e.fromState, toState: e.toState, deadlineVersion: e.deadlineVersion, caseVersion: e.caseVersion, ...(e.type === 'report' ? { source: c.report.source } : {}) },
    })),
  );
  events.sort((a, b) => a.at.localeCompare(b.at) || a.ord - b.ord);
  await db.query(
    `WITH r AS MATERIALIZED (
       SELECT nextval(pg_get_serial_sequence('case_events', 'seq')) AS seq, s.*
         FROM (SELECT x.* FROM jsonb_to_recordset($1::jsonb) AS x(i int, case_id uuid, type varchar, actor_id uuid, actor_role varchar,
                 actor_name varchar, from_state varchar, to_state varchar, at timestamptz, topic varchar, payload jsonb) ORDER BY x.i) s),
     e AS (INSERT INTO case_events (seq, case_id, type, actor_id, actor_role, actor_name, from_state, to_state, at)
           SELECT seq, case_id, type, actor_id, actor_role, actor_name, from_state, to_state, at FROM r)
     INSERT INTO outbox (topic, case_id, event_seq, payload, created_at, published_at)
     SELECT topic, case_id, seq, payload, at, at FROM r ORDER BY seq`,
    [JSON.stringify(events.map((e, i) => ({ ...e, i })))],
  );
  await writeOpenCaseNotices(db, sorted);
  return events.length;
}

/** The notices of the open cases' events (case-effects.ts decides which), dated when their event happened. */
async function writeOpenCaseNotices(m: EntityManager, cases: readonly PlannedCase[]): Promise<void> {
  const open = cases.filter((c) => c.case.state !== 'CLOSED' && c.case.state !== 'VOID');
  const dated = open.flatMap((c) => c.events.flatMap((e) => effectsOf({ caseId: c.case.id, seq: '0', ...e }, e.at.getTime()).notices.map((n) => ({ n, at: e.at }))));
  if (!dated.length) return;
  await new NoticeWriter().write(m, dated.map((d) => d.n));
  const now = Date.now();
  await m.query(
    `UPDATE notifications n SET created_at = x.at, read_at = CASE WHEN x.at < $3::timestamptz THEN x.at END
       FROM unnest($1::text[], $2::timestamptz[]) AS x(key, at) WHERE n.dedupe_key = x.key`,
    [dated.map((d) => noticeKeyOf(d.n)), dated.map((d) => d.at.toISOString()), new Date(now - UNREAD_NOTICES_MS).toISOString()],
  );
}
