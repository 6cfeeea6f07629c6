import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActionRequest, NotificationMessage } from '@gridops/contracts';
import {
  checkPermission,
  isOpenState,
  pickWorkflowCase,
  transition,
  type ActionInput,
  type Actor,
  type AttachmentRef,
  type CaseAction,
  type Refusal,
  type ReturnReason,
  type VoidReason,
  type WorkflowCase,
} from '@gridops/domain';
import { CalendarService } from '../directory/calendar.service';
import type { CategoryEntity } from '../directory/category.entity';
import { DirectoryService, workflowCategory } from '../directory/directory.service';
import { ApiError, badRequest, conflict, forbidden, notFound, unprocessable } from '../platform/errors/api-error';
import { journalSeqs, journalStatement, type JournalEntry, type LeadWrite } from './case-journal';
import { dispatchNotice, type DirectNotice } from '../notify/notification-rules';
import { CaseColumns } from './case-columns';
import { slaInstants } from './sla-instants';
import { queryPrepared } from '../platform/database/prepared';
import { claimAttachments, resolveAttachments } from '../attachments/attachment-claims';
import { CaseEntity } from './case.entity';
import { toWorkflowCase } from './case.mapper';
import { CaseQueryService } from './case-query.service';
import { CaseBroadcaster, type CommittedEvent } from '../realtime/case-broadcaster.service';
import { OutboxNotifier } from '../platform/outbox/outbox-notifier.service';

export interface ActingAs {
  actor: Actor;
  name: string;
  /** whose uploads this actor may attach: defaults to `user:<actor.userId>` */
  principal?: string;
}

export interface TransitionResult {
  caseId: string;
  seq: string;
  version: number;
}

/** One automatic step of a chain (applySteps): the action and its input; the version is the chain's business. */
export interface SystemStep {
  action: CaseAction;
  /** no attachments: the pipeline uploads nothing, and a chain claims none */
  input: Omit<ActionRequest, 'version' | 'attachmentIds'> & Pick<ActionInput, 'systemFlags'>;
}

export interface StepsResult {
  /** the steps taken, in order (a prefix of those asked for) */
  applied: CaseAction[];
  /** why the next step was not taken, when one was refused */
  refused?: ApiError;
}

interface PlannedStep {
  next: WorkflowCase;
  input: ActionInput;
  attachments: AttachmentRef[];
  entry: JournalEntry;
}

/** Categories read from the table (not the cache: a new limit applies to the next step in every process), once per code. */
class CategoryMemo {
  private readonly read = new Map<string, Promise<CategoryEntity | undefined>>();

  constructor(private readonly directory: DirectoryService) {}

  now(code: string): Promise<CategoryEntity | undefined> {
    let found = this.read.get(code);
    if (!found) {
      found = this.directory.categoryNow(code);
      this.read.set(code, found);
    }
    return found;
  }
}

/** What writeSteps wrote besides the case: the events' seqs, and the notifications written with them. */
interface Written {
  seqs: string[];
  notices: (NotificationMessage & { userId: string })[];
}

function refusalToError(r: Refusal): ApiError {
  switch (r.code) {
    case 'NOT_FOUND':
      return notFound(r.message);
    case 'FORBIDDEN':
      return forbidden(r.message);
    case 'INVALID_STATE':
      return unprocessable('INVALID_STATE', r.message);
    case 'RULE_VIOLATION':
      return unprocessable('RULE_VIOLATION', r.message);
    case 'INVALID_INPUT':
      return badRequest(r.message);
  }
}

/**
 * The one state-change path (style rule 6): every action, by a person or by the pipeline, goes through here. It asks
 * libs/domain, writes the case with an optimistic version check, and appends the timeline event and the outbox row
 * in the same transaction.
 */
@Injectable()
export class CaseTransitionService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly query: CaseQueryService,
    private readonly directory: DirectoryService,
    private readonly calendars: CalendarService,
    private readonly broadcaster: CaseBroadcaster,
    private readonly outbox: OutboxNotifier,
  ) {
    this.columns = new CaseColumns(ds);
  }

  private readonly columns: CaseColumns;

  /**
   * `loaded`: the case as the caller just read it (the pipeline re-reads before every step), so it is not read twice;
   * the version check in the UPDATE still guards against anything that changed since.
   */
  async apply(
    caseId: string,
    action: CaseAction,
    by: ActingAs,
    body: ActionRequest & Pick<ActionInput, 'systemFlags'>,
    opts: { now?: Date; loaded?: CaseEntity } = {},
  ): Promise<TransitionResult> {
    const now = opts.now ?? new Date();
    const current = opts.loaded?.id === caseId ? opts.loaded : await this.query.findVisible(caseId, by.actor);
    const step = await this.plan(current, action, by, body, now);
    const principal = this.principalOf(by);
    const needsTransaction = (principal !== null && step.attachments.length > 0) || (action === 'merge' && !!step.input.targetCaseId);
    const write = async (m: EntityManager) => {
      const entries = [step.entry];
      if (action === 'merge' && step.input.targetCaseId) entries.push(await this.mergeNote(m, current, step.input.targetCaseId, by, now));
      const { seqs, notices } = await this.writeSteps(m, current, step.next, entries, now);
      if (principal) await claimAttachments(m, step.attachments, { principal, caseId, eventSeq: seqs[0], at: now });
      const events = entries.map((e, i): CommittedEvent => ({ caseId: e.caseId, seq: seqs[i], type: e.type, fromState: e.fromState, toState: e.toState, actor: { role: by.actor.role, name: by.name }, at: now }));
      return { events, notices };
    };
    const { events: committed, notices } = needsTransaction ? await this.ds.transaction(write) : await write(this.ds.manager);
    const version = current.version + 1;
    this.outbox.wake();
    // the row as it now stands, for the broadcast: no need to read back what we just wrote
    this.broadcaster.caseEvents(committed, [this.columns.entity({ ...current, ...step.next, version, updatedAt: now })]);
    this.broadcaster.notifications(notices);
    return { caseId, seq: committed[0].seq, version };
  }

  /**
   * Several system steps on one case in a row — register → file → dispatch of a patrol report: each is checked and
   * computed by libs/domain's transition function like any action and lands on the timeline as its own event, but
   * the case row is written once, in one statement. Stops at the first step the rules refuse; the steps before it
   * are kept. `loaded` is the case as the caller just read it.
   */
  async applySteps(loaded: CaseEntity, steps: readonly SystemStep[], by: ActingAs, now = new Date()): Promise<StepsResult> {
    let current = loaded;
    let refused: ApiError | undefined;
    const planned: PlannedStep[] = [];
    // the steps of one chain see one reading of the category table
    const categories = new CategoryMemo(this.directory);
    for (const s of steps) {
      try {
        const step = await this.plan(current, s.action, by, { ...s.input, version: current.version }, now, categories);
        planned.push(step);
        current = this.columns.entity({ ...current, ...step.next, version: current.version + 1, updatedAt: now });
      } catch (err) {
        // the rules said no (4xx): keep the steps before; anything else fails the whole chain, nothing written
        if (!(err instanceof ApiError) || err.getStatus() >= 500) throw err;
        refused = err;
        break;
      }
    }
    if (planned.length === 0) return { applied: [], refused };
    const { seqs, notices } = await this.writeSteps(this.ds.manager, loaded, current, planned.map((p) => p.entry), now);
    this.outbox.wake();
    this.broadcaster.notifications(notices);
    this.broadcaster.caseEvents(
      planned.map((p, i) => ({ caseId: loaded.id, seq: seqs[i], type: p.entry.type, fromState: p.entry.fromState, toState: p.entry.toState, actor: { role: by.actor.role, name: by.name }, at: now })),
      [current],
    );
    return { applied: planned.map((p) => p.entry.type as CaseAction), refused };
  }

  /** Everything an action needs answered before anything is written: who may, on which version, with what input. */
  private async plan(
    current: CaseEntity,
    action: CaseAction,
    by: ActingAs,
    body: ActionRequest & Pick<ActionInput, 'systemFlags'>,
    now: Date,
    categories = new CategoryMemo(this.directory),
  ): Promise<PlannedStep> {
    // who may act is answered before anything about the input, so a caller without the right learns nothing from
    // validation messages (e.g. whether a user id is a grid worker of another 片区)
    const currentCategory = await categories.now(current.categoryCode);
    const permission = currentCategory ? checkPermission(toWorkflowCase(current), action, by.actor, workflowCategory(currentCategory)) : null;
    if (permission && (permission.code === 'FORBIDDEN' || permission.code === 'NOT_FOUND')) throw refusalToError(permission);
    if (body.version !== current.version) {
      throw conflict(`the case changed since you loaded it (your version ${body.version}, now ${current.version}); reload and try again`, {
        currentVersion: current.version,
      });
    }
    if (permission) throw refusalToError(permission);
    const category = await this.categoryFor(current, currentCategory, action, body, categories);
    await this.checkReferences(current, action, by.actor, body);
    const attachments = await resolveAttachments(this.ds.manager, body.attachmentIds, this.principalOf(by));
    const input: ActionInput = {
      note: body.note,
      attachments,
      reasonCode: body.reasonCode as VoidReason | ReturnReason | undefined,
      assignee: body.assignee,
      checkerUserId: body.checkerUserId,
      categoryCode: body.categoryCode,
      priority: body.priority,
      urgent: body.urgent,
      dueAt: body.dueAt ? new Date(body.dueAt) : undefined,
      satisfied: body.satisfied,
      targetCaseId: body.targetCaseId,
      // flags only the pipeline sets; never taken from a person's request
      systemFlags: by.actor.role === 'system' ? body.systemFlags : undefined,
    };
    const calendar = await this.calendars.calendar();
    const result = transition(toWorkflowCase(current), action, by.actor, input, { now, calendar, category: workflowCategory(category) });
    if (!result.ok) throw refusalToError(result);
    const entry: JournalEntry = {
      caseId: current.id,
      type: action,
      actor: by.actor,
      actorName: by.name,
      fromState: result.from,
      toState: result.to,
      note: input.note ?? null,
      payload: eventPayload(action, input, result.next),
      attachments: attachments.map((a) => a.id),
      at: now,
      topic: 'case.updated',
      deadlineVersion: result.next.deadlineVersion,
      caseVersion: current.version + 1,
      // a new handling deadline: its timers' instants travel with the event, so the relay can plan them
      slaTimers: result.next.deadlineVersion !== current.deadlineVersion ? (slaInstants(result.next, calendar) ?? undefined) : undefined,
    };
    return { next: result.next, input, attachments, entry };
  }

  /**
   * The case row moves from `before` to `after` (one UPDATE with the version check) and the entries join the
   * timeline and the outbox — one statement. Answers the events' seqs; 409 when someone else's action committed
   * between our read and this write (exactly one of two concurrent actions wins).
   */
  private async writeSteps(m: EntityManager, before: CaseEntity, after: WorkflowCase | CaseEntity, entries: JournalEntry[], now: Date): Promise<Written> {
    const params: unknown[] = [];
    const { id: _id, ...changes } = pickWorkflowCase(after);
    const set = this.columns.setClause({ ...changes, updatedAt: now }, params);
    params.push(before.id, before.version, entries.filter((e) => e.caseId === before.id).length);
    const n = params.length;
    const lead: LeadWrite = { sql: `UPDATE cases SET ${set}, version = version + $${n} WHERE id = $${n - 2} AND version = $${n - 1} RETURNING id`, params };
    const notice = this.dispatchNoticeOf(before, after, entries, lead);
    const { sql, params: all } = journalStatement(lead, entries);
    const rows = await queryPrepared<Record<string, string>>(m, sql, all);
    const seqs = journalSeqs(rows, entries.length);
    if (!seqs) throw conflict('the case was changed by someone else just now; reload and try again');
    const written = (rows[0].notices as unknown as { id: string; userId: string; createdAt: string }[] | null) ?? [];
    return { seqs, notices: notice ? written.map((w) => ({ id: w.id, userId: w.userId, kind: notice.kind, caseId: before.id, title: notice.title, createdAt: new Date(w.createdAt).toISOString() })) : [] };
  }

  /**
   * A dispatch to a person writes the assignee's notification in the same statement (notification-rules.ts): the
   * case and the notice commit together, and the relay plans no notify job for the event (`notified`). The
   * notice's dedupe key is the notify job's, so the two paths can never both write one.
   */
  private dispatchNoticeOf(before: CaseEntity, after: WorkflowCase | CaseEntity, entries: JournalEntry[], lead: LeadWrite): DirectNotice | null {
    const dispatch = entries.find((e) => e.caseId === before.id && e.type === 'dispatch');
    if (!dispatch) return null;
    const notice = dispatchNotice({ id: before.id, number: before.number, description: before.description, assigneeUserId: after.assigneeUserId }, dispatch.caseVersion);
    if (!notice) return null;
    dispatch.notified = true;
    lead.params.push(notice.userId, notice.kind, before.id, notice.title, notice.body, notice.key);
    const k = lead.params.length;
    lead.following = [
      `n AS (INSERT INTO notifications (user_id, kind, case_id, title, body, dedupe_key)
        SELECT $${k - 5}::uuid, $${k - 4}::varchar, $${k - 3}::uuid, $${k - 2}::varchar, $${k - 1}::varchar, $${k}::varchar FROM w
        ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id, user_id, created_at)`,
    ];
    lead.answer = [`(SELECT json_agg(json_build_object('id', n.id::text, 'userId', n.user_id, 'createdAt', n.created_at)) FROM n) AS notices`];
    return notice;
  }

  /** A merge leaves a note on the case it merged into, in the same statement as the merge. */
  private async mergeNote(m: EntityManager, merged: CaseEntity, targetId: string, by: ActingAs, now: Date): Promise<JournalEntry> {
    const target = await m.getRepository(CaseEntity).findOneByOrFail({ id: targetId });
    return {
      caseId: target.id,
      type: 'comment',
      actor: by.actor,
      actorName: by.name,
      fromState: target.state,
      toState: target.state,
      note: `合并案件 ${merged.number} / merged ${merged.number} into this case`,
      payload: { mergedFrom: merged.id },
      at: now,
      topic: 'case.updated',
      deadlineVersion: target.deadlineVersion,
      caseVersion: target.version,
    };
  }

  private principalOf(by: ActingAs): string | null {
    return by.principal ?? (by.actor.userId ? `user:${by.actor.userId}` : null);
  }

  private async categoryFor(c: CaseEntity, current: CategoryEntity | undefined, action: CaseAction, body: ActionRequest, categories: CategoryMemo): Promise<CategoryEntity> {
    const code = action === 'file' && body.categoryCode ? body.categoryCode : c.categoryCode;
    const category = code === c.categoryCode && current ? current : await categories.now(code);
    if (!category || (code !== c.categoryCode && !category.active)) throw badRequest(`unknown category ${code}`, [{ path: 'categoryCode', message: 'unknown category' }]);
    return category;
  }

  /** Inputs that name other records must name ones that exist and fit this case. */
  private async checkReferences(c: CaseEntity, action: CaseAction, actor: Actor, body: ActionRequest): Promise<void> {
    // the pipeline dispatches to whom DispatchPlanner's roster query found, which asks the same of the user
    if (action === 'dispatch' && body.assignee?.userId && actor.role !== 'system') {
      const user = await this.directory.user(body.assignee.userId);
      if (!user || !user.active || !['grid_worker', 'unit_staff'].includes(user.role)) {
        throw unprocessable('INVALID_ASSIGNEE', 'dispatch goes to an active grid worker or unit staff member');
      }
      if (user.role === 'grid_worker' && user.districtCode !== c.districtCode) {
        throw unprocessable('INVALID_ASSIGNEE', 'a grid worker takes cases of their own 片区 only');
      }
    }
    if (action === 'dispatch' && body.assignee?.unitCode && !(await this.directory.unitExists(body.assignee.unitCode))) {
      throw unprocessable('INVALID_ASSIGNEE', `unknown unit ${body.assignee.unitCode}`);
    }
    if (action === 'send-check' && body.checkerUserId) {
      const checker = await this.directory.user(body.checkerUserId);
      if (!checker || !checker.active || checker.role !== 'grid_worker' || checker.districtCode !== c.districtCode) {
        throw unprocessable('INVALID_CHECKER', 'the checker must be an active grid worker of the case 片区');
      }
      if (checker.id === c.fixerUserId) throw unprocessable('INVALID_CHECKER', 'the checker must not be the person who made the fix');
    }
    if (action === 'merge' && body.targetCaseId && body.targetCaseId !== c.id) {
      const target = await this.query.findVisible(body.targetCaseId, actor).catch(() => null);
      if (!target) throw unprocessable('INVALID_TARGET', 'the case to merge into was not found');
      if (!isOpenState(target.state)) throw unprocessable('INVALID_TARGET', 'merge into an open case, not a closed or void one');
    }
  }
}

/** What the timeline should remember about the inputs, beyond the note. */
function eventPayload(action: CaseAction, input: ActionInput, next: ReturnType<typeof toWorkflowCase>): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (input.reasonCode) p.reasonCode = input.reasonCode;
  if (action === 'dispatch') Object.assign(p, { assignee: input.assignee, handlingDueAt: next.handlingDueAt?.toISOString() });
  if (action === 'file') Object.assign(p, { categoryCode: next.categoryCode, priority: next.priority, urgent: next.urgent });
  if (input.checkerUserId) p.checkerUserId = input.checkerUserId;
  if (input.dueAt) p.dueAt = input.dueAt.toISOString();
  if (action === 'approve-extension' || action === 'resume') p.handlingDueAt = next.handlingDueAt?.toISOString();
  if (input.satisfied !== undefined) p.satisfied = input.satisfied;
  if (input.targetCaseId) p.targetCaseId = input.targetCaseId;
  if (['check-fail', 'callback'].includes(action)) p.reworkCount = next.reworkCount;
  if (action === 'approve-return') p.returnCount = next.returnCount;
  if (action === 'approve-extension') p.extensionCount = next.extensionCount;
  return p;
}
