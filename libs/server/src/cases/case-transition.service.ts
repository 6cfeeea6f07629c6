import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ActionRequest } from '@gridops/contracts';
import { checkPermission, isOpenState, transition, type ActionInput, type Actor, type CaseAction, type Refusal, type ReturnReason, type VoidReason } from '@gridops/domain';
import { CalendarService } from '../directory/calendar.service';
import type { CategoryEntity } from '../directory/category.entity';
import { DirectoryService, workflowCategory } from '../directory/directory.service';
import { ApiError, badRequest, conflict, forbidden, notFound, unprocessable } from '../platform/errors/api-error';
import { appendToJournal } from './case-journal';
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
  ) {}

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
    // who may act is answered before anything about the input, so a caller without the right learns nothing from
    // validation messages (e.g. whether a user id is a grid worker of another 片区)
    const currentCategory = await this.directory.categoryNow(current.categoryCode);
    const permission = currentCategory ? checkPermission(toWorkflowCase(current), action, by.actor, workflowCategory(currentCategory)) : null;
    if (permission && (permission.code === 'FORBIDDEN' || permission.code === 'NOT_FOUND')) throw refusalToError(permission);
    if (body.version !== current.version) {
      throw conflict(`the case changed since you loaded it (your version ${body.version}, now ${current.version}); reload and try again`, {
        currentVersion: current.version,
      });
    }
    if (permission) throw refusalToError(permission);
    const category = await this.categoryFor(current, currentCategory, action, body);
    await this.checkReferences(current, action, by.actor, body);
    const principal = by.principal ?? (by.actor.userId ? `user:${by.actor.userId}` : null);
    const attachments = await resolveAttachments(this.ds.manager, body.attachmentIds, principal);
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

    const committed: CommittedEvent[] = [];
    const known: CaseEntity[] = [];
    const actorView = { role: by.actor.role, name: by.name };
    const done = await this.ds.transaction(async (m) => {
      const { id: _id, ...changes } = result.next;
      const updated = await m
        .createQueryBuilder()
        .update(CaseEntity)
        .set({ ...changes, version: () => 'version + 1', updatedAt: now })
        .where('id = :id AND version = :version', { id: caseId, version: body.version })
        .execute();
      // someone else's action committed between our read and this write: exactly one of two concurrent actions wins
      if (updated.affected !== 1) throw conflict('the case was changed by someone else just now; reload and try again');
      const payload = eventPayload(action, input, result.next);
      const seq = await appendToJournal(m, {
        caseId,
        type: action,
        actor: by.actor,
        actorName: by.name,
        fromState: result.from,
        toState: result.to,
        note: input.note ?? null,
        payload,
        attachments: attachments.map((a) => a.id),
        at: now,
        topic: 'case.updated',
        deadlineVersion: result.next.deadlineVersion,
        caseVersion: body.version + 1,
      });
      if (principal) await claimAttachments(m, attachments, { principal, caseId, eventSeq: seq, at: now });
      committed.push({ caseId, seq, type: action, fromState: result.from, toState: result.to, actor: actorView, at: now });
      // the row as it now stands, for the broadcast: no need to read back what we just wrote
      known.push(Object.assign(new CaseEntity(), current, result.next, { version: body.version + 1, updatedAt: now }));
      if (action === 'merge' && input.targetCaseId) {
        const target = await m.getRepository(CaseEntity).findOneByOrFail({ id: input.targetCaseId });
        const targetSeq = await appendToJournal(m, {
          caseId: target.id,
          type: 'comment',
          actor: by.actor,
          actorName: by.name,
          fromState: target.state,
          toState: target.state,
          note: `合并案件 ${current.number} / merged ${current.number} into this case`,
          payload: { mergedFrom: caseId },
          at: now,
          topic: 'case.updated',
          deadlineVersion: target.deadlineVersion,
          caseVersion: target.version,
        });
        committed.push({ caseId: target.id, seq: targetSeq, type: 'comment', fromState: target.state, toState: target.state, actor: actorView, at: now });
      }
      return { caseId, seq, version: body.version + 1 };
    });
    this.outbox.wake();
    this.broadcaster.caseEvents(committed, known);
    return done;
  }

  private async categoryFor(c: CaseEntity, current: CategoryEntity | undefined, action: CaseAction, body: ActionRequest): Promise<CategoryEntity> {
    const code = action === 'file' && body.categoryCode ? body.categoryCode : c.categoryCode;
    const category = code === c.categoryCode && current ? current : await this.directory.categoryNow(code);
    if (!category || (code !== c.categoryCode && !category.active)) throw badRequest(`unknown category ${code}`, [{ path: 'categoryCode', message: 'unknown category' }]);
    return category;
  }

  /** Inputs that name other records must name ones that exist and fit this case. */
  private async checkReferences(c: CaseEntity, action: CaseAction, actor: Actor, body: ActionRequest): Promise<void> {
    if (action === 'dispatch' && body.assignee?.userId) {
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
