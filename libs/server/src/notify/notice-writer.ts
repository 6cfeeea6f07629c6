import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationKind, NotificationMessage } from '@gridops/contracts';
import type { Notice } from '../cases/case-effects';
import { queryPrepared } from '../platform/database/prepared';
import { NOTICE_BODY_CHARS, NOTIFICATION_RULES, type Audience } from './notification-rules';

/** A notification as written, for the live push to its reader after commit. */
export type WrittenNotification = NotificationMessage & { userId: string };

/**
 * The key that makes a notice once per reader: a notice written again (a relayed batch after a crash, an SLA timer
 * re-run) inserts nothing. Stored in `notifications.dedupe_key`: change the format only with a migration.
 */
export const noticeKeyOf = (n: Notice): string => `notify-${n.kind.replace('.', '-')}-${n.caseId}-${n.about}`;

const ROLE_AUDIENCES: readonly Audience[] = ['shift_lead', 'supervisor', 'operator'];
const RULE_ROWS = Object.entries(NOTIFICATION_RULES).map(([kind, r]) => ({ kind, ...r }));
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Stored as kind + params (the case number), never as prose: each reader's screen words it (NOTICE_TITLES).
 * One statement resolves each notice's readers from the rules and the case as it is now, and inserts them: the
 * rules become a VALUES list (built once, from constants), so a batch of any size is one round trip.
 * Readers: the assignee (a person; or, when a unit holds the case, its active staff), the checker, and active
 * people of the rule's roles bound to the town or to the case's 片区.
 */
const WRITE_SQL = `
  WITH wanted(kind, case_id, dedupe_key) AS (SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[])),
  rules(kind, to_assignee, to_checker, roles) AS (VALUES ${RULE_ROWS.map(
    (r) =>
      `(${literal(r.kind)}, ${r.to.includes('assignee')}, ${r.to.includes('checker')}, ARRAY[${r.to
        .filter((a) => ROLE_AUDIENCES.includes(a))
        .map(literal)
        .join(', ')}]::varchar[])`,
  ).join(', ')}),
  readers AS (
    SELECT DISTINCT u.id AS user_id, w.kind, c.id AS case_id, jsonb_build_object('number', c.number) AS params,
           left(c.description, ${NOTICE_BODY_CHARS}) AS body, w.dedupe_key
    FROM wanted w
    JOIN rules r ON r.kind = w.kind
    JOIN cases c ON c.id = w.case_id
    JOIN users u ON (r.to_assignee AND u.id = c.assignee_user_id)
                 OR (r.to_assignee AND c.assignee_user_id IS NULL AND u.active AND u.role = 'unit_staff' AND u.unit_code = c.assignee_unit_code)
                 OR (r.to_checker AND u.id = c.checker_user_id)
                 OR (u.active AND u.role = ANY(r.roles) AND (u.district_code IS NULL OR u.district_code = c.district_code))
    WHERE CASE w.kind ${RULE_ROWS.filter((r) => r.appliesSql).map((r) => `WHEN ${literal(r.kind)} THEN (${r.appliesSql})`).join(' ')} ELSE true END
  )
  INSERT INTO notifications (user_id, kind, case_id, params, body, dedupe_key)
  SELECT user_id, kind, case_id, params, body, dedupe_key FROM readers
  ON CONFLICT (user_id, dedupe_key) DO NOTHING
  RETURNING id, user_id, kind, case_id, params, created_at`;

/**
 * The only writer of notifications (站内消息). It writes inside its caller's transaction — the outbox relay's, for
 * the notices of committed events; the SLA timer's, for its own — so a notice exists exactly when what caused it
 * was relayed. The caller pushes the returned rows live after its commit.
 */
@Injectable()
export class NoticeWriter {
  async write(m: EntityManager, notices: readonly Notice[]): Promise<WrittenNotification[]> {
    if (notices.length === 0) return [];
    const rows = await queryPrepared<{ id: string; user_id: string; kind: NotificationKind; case_id: string; params: { number: string }; created_at: Date }>(m, WRITE_SQL, [
      notices.map((n) => n.kind),
      notices.map((n) => n.caseId),
      notices.map(noticeKeyOf),
    ]);
    return rows.map((r) => ({ id: String(r.id), userId: r.user_id, kind: r.kind, caseId: r.case_id, params: r.params, createdAt: new Date(r.created_at).toISOString() }));
  }
}
