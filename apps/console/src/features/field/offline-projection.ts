import type { CaseDetail, CaseView, CategoryView, Me } from '@gridops/contracts';
import {
  DEFAULT_CALENDAR_CONFIG, WorkingCalendar, allowedActions, lightOf, transition,
  type ActionInput, type Actor, type ReturnReason, type VoidReason, type WorkflowCase,
} from '@gridops/domain';
import type { OutboxEntry, QueuedAction } from './outbox/outbox-entry';

type QueuedActionEntry = QueuedAction & OutboxEntry;

export interface ProjectedTask {
  /** the task as the server will have it once the queued actions arrive (the view itself when nothing is queued) */
  view: CaseView;
  /** the queued actions on this task, oldest first: each is sent only after the one before it */
  queued: QueuedActionEntry[];
  /** the key of the last queued action: a new action follows it */
  after: string | null;
  /** false when the queued actions cannot be followed here (a category unknown, a step the workflow refuses) */
  projected: boolean;
}

const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The part of a case file the workflow reads, as far as the phone knows it (clock starts it cannot see are estimated). */
function workflowCase(c: CaseDetail, category: CategoryView, now: Date): WorkflowCase {
  return {
    id: c.id, state: c.state, source: c.source, districtCode: c.districtCode, categoryCode: c.categoryCode, priority: c.priority,
    urgent: c.urgent, supervised: c.supervised, escalatedToDistrict: c.escalatedToDistrict,
    assigneeUserId: c.assigneeUserId, assigneeUnitCode: c.assigneeUnitCode, fixerUserId: c.fixerUserId, checkerUserId: c.checkerUserId,
    requestedFromState: null, requestedDueAt: date(c.requestedDueAt),
    reworkCount: c.reworkCount, extensionCount: c.extensionCount, returnCount: c.returnCount, deadlineVersion: c.deadlineVersion,
    handlingStartedAt: date(c.milestones.dispatchedAt), handlingDueAt: date(c.handlingDueAt), handlingLimitUnit: category.handlingLimit.unit,
    suspendedRemainingMinutes: null, stepStartedAt: now, stepDueAt: date(c.stepDueAt), clockYellowAt: date(c.clockYellowAt), clockDueAt: date(c.clockDueAt),
    voidReason: c.voidReason as VoidReason | null, returnReason: c.returnReason as ReturnReason | null, duplicateOf: c.duplicateOf,
    suggestedDuplicateOf: c.suggestedDuplicateOf, dispatchHold: c.dispatchHold, callbackSatisfied: c.callbackSatisfied,
    reportedAt: new Date(c.reportedAt), filedAt: date(c.milestones.filedAt), dispatchedAt: date(c.milestones.dispatchedAt),
    acceptedAt: date(c.milestones.acceptedAt), handledAt: date(c.milestones.handledAt), checkedAt: date(c.milestones.checkedAt), closedAt: date(c.milestones.closedAt),
  };
}

/** What a queued action brings, as the workflow's input check reads it (photos by kind; their ids come when sent). */
function inputOf(e: QueuedActionEntry): ActionInput {
  const b = e.body as { note?: string; reasonCode?: string; dueAt?: string };
  return {
    note: b.note,
    reasonCode: b.reasonCode as ActionInput['reasonCode'],
    dueAt: b.dueAt ? new Date(b.dueAt) : undefined,
    attachments: e.photos.map((p) => ({ id: p.localId, kind: p.kind })),
  };
}

/**
 * A task as it will be once the actions queued for it (待发送) reach the server, so a worker without coverage can go
 * on: 签收 queued → the task shows 处置中 and offers 处置反馈. The workflow's own transition (libs/domain) decides
 * each step here, and the server decides again when the queue is sent — in order, each on the version the one
 * before it left (outbox.ts).
 */
export function projectQueued(view: CaseView, entries: readonly OutboxEntry[], me: Me, category: CategoryView | undefined, now = new Date()): ProjectedTask {
  const queued = entries.filter((e): e is QueuedActionEntry => e.type === 'action' && e.caseId === view.case.id);
  const after = queued.length ? queued[queued.length - 1].key : null;
  if (queued.length === 0) return { view, queued, after, projected: true };
  const stuck = { view: { ...view, allowedActions: [] }, queued, after, projected: false };
  if (!category) return stuck;
  const actor: Actor = { role: me.role, userId: me.id, districtCode: me.districtCode, unitCode: me.unitCode };
  const env = { now, calendar: new WorkingCalendar(DEFAULT_CALENDAR_CONFIG), category };
  let c = workflowCase(view.case, category, now);
  for (const e of queued) {
    const step = transition(c, e.action, actor, inputOf(e), env);
    if (!step.ok) return stuck;
    c = step.next;
  }
  const next: CaseDetail = {
    ...view.case,
    state: c.state,
    version: view.case.version + queued.length,
    fixerUserId: c.fixerUserId,
    light: lightOf(c, now),
    stepDueAt: iso(c.stepDueAt),
    handlingDueAt: iso(c.handlingDueAt),
    clockDueAt: iso(c.clockDueAt),
    clockYellowAt: iso(c.clockYellowAt),
  };
  return { view: { ...view, case: next, allowedActions: allowedActions(c, actor, category) }, queued, after, projected: true };
}
