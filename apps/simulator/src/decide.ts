import type { ActionRequest, CaseView, CategoryView, Me } from '@gridops/contracts';
import type { CaseAction, DistrictCode } from '@gridops/domain';
import { describeFix, line } from './descriptions';
import type { PhotoKind } from './photo';
import { chance, pick, type Rng } from './random';
import { NOTES } from './texts-table';

/** How the simulated people behave, as chances. Most things go right; enough goes wrong to exercise the loop. */
export const BEHAVIOUR = {
  /** the desk registers a 12345 / app report directly instead of sending a grid worker to verify it */
  registerWithoutVerify: 0.15,
  /** the desk voids a report as invalid (incomplete, outside the town) */
  voidInvalid: 0.03,
  /** the verifying grid worker finds nothing there */
  verifyNotFound: 0.04,
  /** the verifying grid worker fixes it on the spot (自处置), where the category allows */
  selfDisposeOnVerify: 0.25,
  /** a patrol fixes what it just reported on the spot (自处置), where the category allows */
  selfDisposeOnPatrol: 0.3,
  /** a first check fails (返工); a re-check always passes, so no case loops forever */
  checkFail: 0.12,
  /** the assignee asks for more time (延期) instead of reporting the fix */
  requestExtension: 0.06,
  /** the shift lead grants an extension */
  approveExtension: 0.8,
  /** the caller is not satisfied at the callback (回访): back to rework */
  callbackUnsatisfied: 0.08,
} as const;

export interface DecisionContext {
  me: Me;
  now: Date;
  rng: Rng;
  categories: ReadonlyMap<string, CategoryView>;
  /** grid workers by 片区 (user ids), for hand dispatch and choosing a checker */
  workers: ReadonlyMap<DistrictCode, readonly string[]>;
  /** units with someone who can log in and accept work */
  staffedUnits: ReadonlySet<string>;
  /** the still-open case the pipeline suggests this one repeats (`suggestedDuplicateOf`), as the desk looked it up */
  duplicateOf?: { id: string; number: string } | null;
}

export interface Decision {
  action: CaseAction;
  input: Omit<ActionRequest, 'version' | 'attachmentIds'>;
  /** the step brings a photo of this kind (the caller uploads it and sends its id) */
  photo?: PhotoKind;
}

const DAY_MS = 24 * 3600_000;

/**
 * What this person does next with this case, from what the API says they may do (`allowedActions`) — never from a
 * guess about the state machine. null: nothing for them to do now (someone else's turn, or the pipeline's).
 */
export function decide(view: CaseView, ctx: DecisionContext): Decision | null {
  const allowed = new Set(view.allowedActions);
  if (allowed.size === 0) return null;
  switch (ctx.me.role) {
    case 'operator':
      return desk(view, allowed, ctx);
    case 'shift_lead':
      return lead(view, allowed, ctx);
    case 'supervisor':
      return supervisor(view, allowed, ctx);
    case 'grid_worker':
      return field(view, allowed, ctx, true);
    case 'unit_staff':
      return field(view, allowed, ctx, false);
    default:
      return null;
  }
}

/** 受理员: registers or sends for verification, merges duplicates, dispatches and sends for check by hand, calls back. */
function desk(view: CaseView, allowed: Set<CaseAction>, ctx: DecisionContext): Decision | null {
  const c = view.case;
  const { rng } = ctx;
  if (c.state === 'REPORTED') {
    if (ctx.duplicateOf && allowed.has('merge')) {
      return { action: 'merge', input: { targetCaseId: ctx.duplicateOf.id, note: `${line(NOTES.merge, rng)}（${ctx.duplicateOf.number}）` } };
    }
    if (allowed.has('void') && chance(BEHAVIOUR.voidInvalid, rng)) return { action: 'void', input: { reasonCode: 'invalid', note: line(NOTES.voidInvalid, rng) } };
    // a patrol, a sensor or a camera (its snapshot) saw it: nothing to verify. Citizens' reports are verified on site first, mostly.
    const seen = c.source === 'patrol' || c.source === 'iot' || c.source === 'video_ai';
    if (allowed.has('register') && (seen || !allowed.has('send-verify') || chance(BEHAVIOUR.registerWithoutVerify, rng))) return { action: 'register', input: {} };
    if (allowed.has('send-verify')) return { action: 'send-verify', input: {} };
    return null;
  }
  if (c.state === 'PENDING_DISPATCH' && allowed.has('dispatch')) {
    const category = ctx.categories.get(c.categoryCode);
    const unit = category?.needsUnit && category.defaultUnitCode && ctx.staffedUnits.has(category.defaultUnitCode) ? category.defaultUnitCode : null;
    if (unit) return { action: 'dispatch', input: { assignee: { unitCode: unit }, note: '人工派遣至处置单位' } };
    const worker = pick(ctx.workers.get(c.districtCode) ?? [], rng);
    return worker ? { action: 'dispatch', input: { assignee: { userId: worker }, note: '人工派遣至网格员' } } : null;
  }
  if ((c.state === 'HANDLED' || c.state === 'SELF_DISPOSED') && allowed.has('send-check')) {
    const checker = pick((ctx.workers.get(c.districtCode) ?? []).filter((id) => id !== c.fixerUserId), rng);
    return { action: 'send-check', input: checker ? { checkerUserId: checker } : {} };
  }
  if (c.state === 'CLOSED' && allowed.has('callback')) {
    const unhappy = chance(BEHAVIOUR.callbackUnsatisfied, rng) && c.reworkCount === 0;
    return { action: 'callback', input: { satisfied: !unhappy, note: line(unhappy ? NOTES.callbackUnsatisfied : NOTES.callbackSatisfied, rng) } };
  }
  return null;
}

/** 值班长: files, closes what does not close by itself, decides on extensions, returns and suspensions. */
function lead(view: CaseView, allowed: Set<CaseAction>, ctx: DecisionContext): Decision | null {
  const c = view.case;
  const { rng } = ctx;
  if (c.state === 'PENDING_FILE' && allowed.has('file')) return { action: 'file', input: {} };
  if (c.state === 'PENDING_CLOSE' && allowed.has('close')) return { action: 'close', input: {} };
  if (c.state === 'EXTENSION_REQUESTED') {
    if (allowed.has('approve-extension') && chance(BEHAVIOUR.approveExtension, rng)) return approveExtension(view, ctx);
    if (allowed.has('reject-extension')) return { action: 'reject-extension', input: { note: line(NOTES.rejectExtension, rng) } };
  }
  if (c.state === 'RETURN_REQUESTED' && allowed.has('approve-return')) return { action: 'approve-return', input: {} };
  if (c.state === 'SUSPEND_REQUESTED' && allowed.has('approve-suspend')) return { action: 'approve-suspend', input: {} };
  if (c.state === 'SUSPENDED' && allowed.has('resume')) return { action: 'resume', input: {} };
  return null;
}

/** 督办: urges overdue cases once, and grants a second extension (which needs leadership). */
function supervisor(view: CaseView, allowed: Set<CaseAction>, ctx: DecisionContext): Decision | null {
  const c = view.case;
  if (c.state === 'EXTENSION_REQUESTED' && allowed.has('approve-extension')) return approveExtension(view, ctx);
  if (c.light === 'red' && !c.supervised && allowed.has('urge')) return { action: 'urge', input: { note: line(NOTES.urge, ctx.rng) } };
  return null;
}

/** The granted deadline must lie after now and after the current one, even when the request waited long. */
function approveExtension(view: CaseView, ctx: DecisionContext): Decision {
  const c = view.case;
  const floor = Math.max(ctx.now.getTime(), c.handlingDueAt ? Date.parse(c.handlingDueAt) : 0) + 3600_000;
  const requested = c.requestedDueAt ? Date.parse(c.requestedDueAt) : 0;
  return { action: 'approve-extension', input: { dueAt: new Date(Math.max(requested, floor)).toISOString(), note: '同意延期' } };
}

/** 网格员 and 处置单位: verify, accept, fix (or ask for time), and — grid workers — check others' fixes. */
function field(view: CaseView, allowed: Set<CaseAction>, ctx: DecisionContext, gridWorker: boolean): Decision | null {
  const c = view.case;
  const { rng, me } = ctx;
  if (gridWorker && c.state === 'PENDING_VERIFY') {
    if (allowed.has('void') && chance(BEHAVIOUR.verifyNotFound, rng)) return { action: 'void', input: { reasonCode: 'not_found', note: line(NOTES.verifyNotFound, rng) } };
    if (allowed.has('self-dispose') && chance(BEHAVIOUR.selfDisposeOnVerify, rng)) {
      return { action: 'self-dispose', input: { note: `核实属实，现场自行处置：${describeFix(c.categoryCode, rng)}` }, photo: 'after' };
    }
    if (allowed.has('confirm')) return { action: 'confirm', input: { note: line(NOTES.verify, rng) }, photo: 'before' };
    return null;
  }
  const mine = c.assigneeUserId === me.id || (me.unitCode !== null && c.assigneeUnitCode === me.unitCode);
  if (mine && c.state === 'DISPATCHED' && allowed.has('accept')) return { action: 'accept', input: {} };
  if (mine && c.state === 'IN_PROGRESS') {
    if (allowed.has('request-extension') && c.extensionCount === 0 && chance(BEHAVIOUR.requestExtension, rng)) {
      const base = Math.max(ctx.now.getTime(), c.handlingDueAt ? Date.parse(c.handlingDueAt) : 0);
      return { action: 'request-extension', input: { dueAt: new Date(base + DAY_MS).toISOString(), note: line(NOTES.extension, rng) } };
    }
    if (allowed.has('handle')) return { action: 'handle', input: { note: describeFix(c.categoryCode, rng) }, photo: 'after' };
  }
  if (mine && c.state === 'REWORK' && allowed.has('handle')) {
    return { action: 'handle', input: { note: `返工完成：${describeFix(c.categoryCode, rng)}` }, photo: 'after' };
  }
  // a check is the assigned checker's; with none assigned, any grid worker who did not make the fix may take it
  if (gridWorker && c.state === 'PENDING_CHECK' && (c.checkerUserId === me.id || c.checkerUserId === null)) {
    if (allowed.has('check-fail') && c.reworkCount === 0 && chance(BEHAVIOUR.checkFail, rng)) return { action: 'check-fail', input: { note: line(NOTES.checkFail, rng) } };
    if (allowed.has('check-pass')) return { action: 'check-pass', input: { note: line(NOTES.checkPass, rng) } };
  }
  return null;
}
