import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ActionRequest } from '@gridops/contracts';
import {
  checkPermission,
  isOpenState,
  transition,
  type ActionInput,
  type Actor,
  type AttachmentRef,
  type CaseAction,
  type ReturnReason,
  type VoidReason,
  type WorkflowCase,
} from '@gridops/domain';
import { checkAttachments } from '../attachments/attachment-claims';
import { CalendarService } from '../directory/calendar.service';
import type { CategoryEntity } from '../directory/category.entity';
import { DirectoryService, workflowCategory } from '../directory/directory.service';
import type { JournalEntry } from './case-journal';
import { CaseQueryService } from './case-query.service';
import { caseRefusal, fromDomain, type CaseRefusal } from './case-refusal';
import type { CaseEntity } from './case.entity';
import { toWorkflowCase } from './case.mapper';
import { slaInstants } from './sla-instants';

export interface ActingAs {
  actor: Actor;
  name: string;
  /** whose uploads this actor may attach: defaults to `user:<actor.userId>` */
  principal?: string;
}

/** An action decided: the case as it will be, the timeline entry that says so, the photos it claims. */
export interface PlannedStep {
  next: WorkflowCase;
  input: ActionInput;
  attachments: AttachmentRef[];
  entry: JournalEntry;
}

export const principalOf = (by: ActingAs): string | null => by.principal ?? (by.actor.userId ? `user:${by.actor.userId}` : null);

/** Categories read once per code for the steps of one chain (they see one reading of the table). */
export class CategoryMemo {
  private readonly read = new Map<string, Promise<CategoryEntity | undefined>>();

  constructor(private readonly directory: DirectoryService) {}

  get(code: string): Promise<CategoryEntity | undefined> {
    let found = this.read.get(code);
    if (!found) {
      found = this.directory.category(code);
      this.read.set(code, found);
    }
    return found;
  }
}

/**
 * Decide: everything an action needs answered before anything is written — who may, on which version, with which
 * input, and what the case becomes (libs/domain's transition function). Reads, never writes; answers a planned step
 * or a typed refusal.
 */
@Injectable()
export class CaseActionPlanner {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly query: CaseQueryService,
    private readonly directory: DirectoryService,
    private readonly calendars: CalendarService,
  ) {}

  async plan(
    current: CaseEntity,
    action: CaseAction,
    by: ActingAs,
    body: ActionRequest & Pick<ActionInput, 'systemFlags' | 'systemNote'>,
    now: Date,
    categories = new CategoryMemo(this.directory),
  ): Promise<PlannedStep | CaseRefusal> {
    // who may act is answered before anything about the input, so a caller without the right learns nothing from
    // validation messages (e.g. whether a user id is a grid worker of another 片区)
    const currentCategory = await categories.get(current.categoryCode);
    const permission = currentCategory ? checkPermission(toWorkflowCase(current), action, by.actor, workflowCategory(currentCategory)) : null;
    if (permission && (permission.code === 'FORBIDDEN' || permission.code === 'NOT_FOUND')) return fromDomain(permission);
    if (body.version !== current.version) {
      return caseRefusal('STALE_VERSION', `the case changed since you loaded it (your version ${body.version}, now ${current.version}); reload and try again`, {
        currentVersion: current.version,
      });
    }
    if (permission) return fromDomain(permission);
    const category = await this.categoryFor(current, currentCategory, action, body, categories);
    if ('ok' in category) return category;
    const wrongReference = await this.checkReferences(current, action, by.actor, body);
    if (wrongReference) return wrongReference;
    const attachments = await checkAttachments(this.ds.manager, body.attachmentIds, principalOf(by));
    if (!attachments.ok) return caseRefusal('INVALID_ATTACHMENT', attachments.message, attachments.problems);
    const input: ActionInput = {
      note: body.note,
      attachments: attachments.refs,
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
      // only server code sets it: the HTTP schemas are strict objects without it
      systemNote: body.systemNote,
    };
    const calendar = await this.calendars.calendar();
    const result = transition(toWorkflowCase(current), action, by.actor, input, { now, calendar, category: workflowCategory(category) });
    if (!result.ok) return fromDomain(result);
    const entry: JournalEntry = {
      caseId: current.id,
      type: action,
      actor: by.actor,
      actorName: by.name,
      fromState: result.from,
      toState: result.to,
      note: input.note ?? null,
      systemNote: input.systemNote ?? null,
      payload: eventPayload(action, input, result.next),
      attachments: attachments.refs.map((a) => a.id),
      at: now,
      topic: 'case.updated',
      deadlineVersion: result.next.deadlineVersion,
      caseVersion: current.version + 1,
      held: !!result.next.dispatchHold && result.next.dispatchHold !== current.dispatchHold,
      // a new deadline: when its timers fire travels with the event, for the relay to plan them
      slaTimers: result.next.deadlineVersion !== current.deadlineVersion ? (slaInstants(result.next, calendar) ?? undefined) : undefined,
    };
    return { next: result.next, input, attachments: attachments.refs, entry };
  }

  private async categoryFor(c: CaseEntity, current: CategoryEntity | undefined, action: CaseAction, body: ActionRequest, categories: CategoryMemo): Promise<CategoryEntity | CaseRefusal> {
    const code = action === 'file' && body.categoryCode ? body.categoryCode : c.categoryCode;
    const category = code === c.categoryCode && current ? current : await categories.get(code);
    if (!category || (code !== c.categoryCode && !category.active)) {
      return caseRefusal('UNKNOWN_CATEGORY', `unknown category ${code}`, [{ path: 'categoryCode', message: 'unknown category' }]);
    }
    return category;
  }

  /** Inputs that name other records must name ones that exist and fit this case. */
  private async checkReferences(c: CaseEntity, action: CaseAction, actor: Actor, body: ActionRequest): Promise<CaseRefusal | null> {
    // the pipeline dispatches to whom DispatchPlanner's roster query found, which asks the same of the user
    if (action === 'dispatch' && body.assignee?.userId && actor.role !== 'system') {
      const user = await this.directory.user(body.assignee.userId);
      if (!user || !user.active || !['grid_worker', 'unit_staff'].includes(user.role)) {
        return caseRefusal('INVALID_ASSIGNEE', 'dispatch goes to an active grid worker or unit staff member');
      }
      if (user.role === 'grid_worker' && user.districtCode !== c.districtCode) {
        return caseRefusal('INVALID_ASSIGNEE', 'a grid worker takes cases of their own 片区 only');
      }
    }
    if (action === 'dispatch' && body.assignee?.unitCode && !(await this.directory.unitExists(body.assignee.unitCode))) {
      return caseRefusal('INVALID_ASSIGNEE', `unknown unit ${body.assignee.unitCode}`);
    }
    if (action === 'send-check' && body.checkerUserId) {
      const checker = await this.directory.user(body.checkerUserId);
      if (!checker || !checker.active || checker.role !== 'grid_worker' || checker.districtCode !== c.districtCode) {
        return caseRefusal('INVALID_CHECKER', 'the checker must be an active grid worker of the case 片区');
      }
      if (checker.id === c.fixerUserId) return caseRefusal('INVALID_CHECKER', 'the checker must not be the person who made the fix');
    }
    if (action === 'merge' && body.targetCaseId && body.targetCaseId !== c.id) {
      const target = await this.query.visible(body.targetCaseId, actor);
      if (!target) return caseRefusal('INVALID_TARGET', 'the case to merge into was not found');
      if (!isOpenState(target.state)) return caseRefusal('INVALID_TARGET', 'merge into an open case, not a closed or void one');
    }
    return null;
  }
}

/** What the timeline should remember about the inputs, beyond the note. */
function eventPayload(action: CaseAction, input: ActionInput, next: WorkflowCase): Record<string, unknown> {
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
