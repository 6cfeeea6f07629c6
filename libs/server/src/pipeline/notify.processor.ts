import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, jobIdOf, type JobPayloads } from '@gridops/contracts';
import type { CaseEntity } from '../cases/case.entity';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';
import { SystemActions } from './system-actions.service';
import { CaseBroadcaster } from '../realtime/case-broadcaster.service';
import { queryPrepared } from '../platform/database/prepared';
import { NOTIFICATION_RULES, noticeBody, type Audience } from '../notify/notification-rules';

/**
 * notify: in-app notifications (站内消息) for now; SMS and WeChat later behind this same job. One INSERT per job, so
 * a retry after a crash writes all of them or none; the job id is every row's dedupe key, so a re-run writes
 * nothing twice. Who is told what is decided in notification-rules.ts, which event or timer causes it in
 * cases/case-effects.ts: this job is the only writer of notifications.
 */
@Injectable()
export class NotifyProcessor implements JobProcessor {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly system: SystemActions,
    private readonly broadcaster: CaseBroadcaster,
  ) {}

  handlers(): JobHandlerMap {
    return { [JobName.Notify]: (p) => this.notify(p) };
  }

  async notify(p: JobPayloads[typeof JobName.Notify]): Promise<JobOutcome> {
    const c = await this.system.load(p.caseId);
    if (!c) return 'skipped: case not found';
    const rule = NOTIFICATION_RULES[p.kind];
    if (rule.applies && !rule.applies(c)) return 'skipped: no longer applies to the case';
    const recipients = await this.recipients(rule.to, c);
    if (recipients.length === 0) return 'skipped: no one to tell';
    const title = rule.title(c);
    const rows = await queryPrepared<{ id: string; user_id: string; created_at: Date }>(
      this.ds.manager,
      `INSERT INTO notifications (user_id, kind, case_id, title, body, dedupe_key)
       SELECT unnest($1::uuid[]), $2, $3, $4, $5, $6
       ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id, user_id, created_at`,
      [recipients, p.kind, c.id, title, noticeBody(c), jobIdOf({ name: JobName.Notify, payload: p })],
    );
    this.broadcaster.notifications(rows.map((r) => ({ id: String(r.id), userId: r.user_id, kind: p.kind, caseId: c.id, title, createdAt: new Date(r.created_at).toISOString() })));
    return 'done';
  }

  private async recipients(audience: Audience[], c: CaseEntity): Promise<string[]> {
    const ids = new Set<string>();
    if (audience.includes('checker') && c.checkerUserId) ids.add(c.checkerUserId);
    if (audience.includes('assignee')) {
      if (c.assigneeUserId) ids.add(c.assigneeUserId);
      else if (c.assigneeUnitCode) {
        const staff = (await this.ds.query(`SELECT id FROM users WHERE active AND role = 'unit_staff' AND unit_code = $1`, [c.assigneeUnitCode])) as { id: string }[];
        staff.forEach((s) => ids.add(s.id));
      }
    }
    const roles = audience.filter((a): a is 'shift_lead' | 'supervisor' | 'operator' => ['shift_lead', 'supervisor', 'operator'].includes(a));
    if (roles.length) {
      // town-level people, and those bound to the case's 片区
      const people = (await this.ds.query(
        `SELECT id FROM users WHERE active AND role = ANY($1::varchar[]) AND (district_code IS NULL OR district_code = $2)`,
        [roles, c.districtCode],
      )) as { id: string }[];
      people.forEach((u) => ids.add(u.id));
    }
    return [...ids];
  }
}
