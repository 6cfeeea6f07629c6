import type { ActionRequest, CaseSummary, CaseView, Me, Page } from '@gridops/contracts';
import { isOpenState, type Role } from '@gridops/domain';
import { errorText } from './api-client';
import type { QuietLog, SimContext } from './context';
import { decide, type Decision } from './decide';
import { isDue } from './pacing';
import type { PhotoUploads } from './photo-uploads';
import { chance } from './random';

/** Steps one person takes per tick at most: nobody clears a queue of twenty in one breath. */
const MAX_STEPS_PER_TICK = 6;
/** Cases per queue read; a queue longer than this is worked from its newest end. */
const PAGE = 100;
/** Callbacks are made for cases closed (reported) within this window. */
const CALLBACK_WINDOW_MS = 6 * 3600_000;

/**
 * The queues each role works, as `GET /api/v1/cases` filters. The API scopes them: a grid worker sees their 片区, a
 * unit its own cases. Whose turn it really is, is decided per case from `allowedActions`.
 */
export function queuesFor(role: Role, now: Date): string[] {
  switch (role) {
    case 'operator':
      return [
        'state=REPORTED',
        'state=PENDING_DISPATCH,HANDLED,SELF_DISPOSED',
        `state=CLOSED&source=hotline_12345,citizen_app&from=${encodeURIComponent(new Date(now.getTime() - CALLBACK_WINDOW_MS).toISOString())}`,
      ];
    case 'shift_lead':
      return ['state=PENDING_FILE,PENDING_CLOSE,EXTENSION_REQUESTED,RETURN_REQUESTED,SUSPEND_REQUESTED,SUSPENDED'];
    case 'supervisor':
      return ['state=EXTENSION_REQUESTED', 'open=true&light=red'];
    case 'grid_worker':
      return ['assignee=me&state=DISPATCHED,IN_PROGRESS,REWORK', 'state=PENDING_VERIFY,PENDING_CHECK'];
    case 'unit_staff':
      return ['state=DISPATCHED,IN_PROGRESS,REWORK'];
    default:
      return [];
  }
}

/**
 * Keys of (person, case, version) to leave alone — for good, or until an instant. Forgets its oldest entries past
 * `max`, so memory stays bounded however long the town runs.
 */
export class SkipList {
  private readonly until = new Map<string, number>();

  constructor(private readonly max: number) {}

  has(key: string, now: number): boolean {
    const until = this.until.get(key);
    if (until === undefined) return false;
    if (now < until) return true;
    this.until.delete(key);
    return false;
  }

  add(key: string, until = Infinity): void {
    this.until.delete(key);
    this.until.set(key, until);
    if (this.until.size > this.max) {
      const oldest = this.until.keys().next().value;
      if (oldest !== undefined) this.until.delete(oldest);
    }
  }

  get size(): number {
    return this.until.size;
  }
}

/** After the API refused a step, that person looks at the case again this much later (SIM_SPEED=1). */
const REFUSAL_COOLDOWN_MS = 60_000;

type Outcome = 'acted' | 'nothing' | 'later';

/**
 * The people of the loop. Each tick every cast member reads their queues, and for each case whose step is due
 * (pacing.ts) reads the case, decides from its `allowedActions` (decide.ts) and acts with the version they read.
 * A 409 means someone got there first — normal; the case is read again on a later tick.
 */
export class Actors {
  /** (person, case, version) that needed nothing from that person: not read again until the case changes */
  private readonly idle = new SkipList(20_000);

  constructor(
    private readonly ctx: SimContext,
    private readonly photos: PhotoUploads,
    private readonly quiet: QuietLog,
  ) {}

  async work(username: string): Promise<void> {
    const { ctx } = this;
    const me = await ctx.sessions.ensure(username);
    if (!me) return;
    const now = ctx.now();
    let budget = MAX_STEPS_PER_TICK;
    for (const query of queuesFor(me.role, now)) {
      const res = await ctx.sessions.call<Page<CaseSummary>>(username, 'GET', `/api/v1/cases?${query}&limit=${PAGE}`);
      if (!res) return;
      if (res.status !== 200) {
        ctx.stats.errors++;
        this.quiet.line(`list-${res.status}`, `${username} could not read the queue ${query}: HTTP ${res.status} ${errorText(res.body)}`);
        continue;
      }
      for (const item of res.body.items) {
        if (budget <= 0) return;
        if (this.idle.has(`${username}|${item.id}|${item.version}`, now.getTime())) continue;
        if (!isDue(item, now, ctx.config.speed, ctx.config.neglect, username)) continue;
        if ((await this.take(username, me, item.id)) === 'acted') budget--;
      }
    }
  }

  /** Read the case, decide, act. */
  private async take(username: string, me: Me, caseId: string): Promise<Outcome> {
    const { ctx } = this;
    const res = await ctx.sessions.call<CaseView>(username, 'GET', `/api/v1/cases/${caseId}`);
    if (!res || res.status !== 200) return 'later';
    const view = res.body;
    const idleKey = `${username}|${caseId}|${view.case.version}`;
    // it changed since the queue was read: that is a new step, with its own pace
    if (!isDue(view.case, ctx.now(), ctx.config.speed, ctx.config.neglect, username)) return 'later';
    const decision = decide(view, {
      me,
      now: ctx.now(),
      rng: ctx.rng,
      categories: ctx.town.categories,
      workers: ctx.town.workers,
      staffedUnits: ctx.town.staffedUnits,
      duplicateOf: me.role === 'operator' ? await this.openDuplicateTarget(username, view) : null,
    });
    if (!decision) {
      this.idle.add(idleKey);
      return 'nothing';
    }
    return this.act(username, view, decision, idleKey);
  }

  /** The case the pipeline says this report repeats, if it is still open (merging into a closed case is refused). */
  private async openDuplicateTarget(username: string, view: CaseView): Promise<{ id: string; number: string } | null> {
    const target = view.case.suggestedDuplicateOf;
    if (view.case.state !== 'REPORTED' || !target) return null;
    const res = await this.ctx.sessions.call<CaseView>(username, 'GET', `/api/v1/cases/${target}`);
    if (!res || res.status !== 200 || !isOpenState(res.body.case.state)) return null;
    return { id: res.body.case.id, number: res.body.case.number };
  }

  private async act(username: string, view: CaseView, decision: Decision, idleKey: string): Promise<Outcome> {
    const { ctx } = this;
    const c = view.case;
    // after-photos always go with a fix (the category may require one); a verification photo often does. Without
    // photo uploads the step goes without, and the API says whether that is enough.
    const wantsPhoto = decision.photo === 'after' || (decision.photo !== undefined && chance(0.5, ctx.rng));
    const photo = wantsPhoto && decision.photo ? await this.photos.take(username, decision.photo, c.categoryCode, `${c.id}-${c.version}`) : null;
    const body: ActionRequest = { version: c.version, ...decision.input, ...(photo ? { attachmentIds: [photo] } : {}) };
    const res = await ctx.sessions.call(username, 'POST', `/api/v1/cases/${c.id}/actions/${decision.action}`, body);
    if (res?.status === 200) {
      ctx.stats.action(decision.action);
      return 'acted';
    }
    if (photo && decision.photo) this.photos.giveBack(username, decision.photo, photo);
    if (!res) return 'later';
    if (res.status === 409) {
      // someone else (a person or the pipeline) changed it first: read it again next tick
      ctx.stats.conflicts++;
      return 'later';
    }
    if (res.status === 429) return 'later';
    ctx.stats.refusals++;
    this.quiet.line(`${decision.action}-${res.status}`, `${username} ${decision.action} ${c.number} (${c.state}) refused: HTTP ${res.status} ${errorText(res.body)}`);
    // the API said no to this step: look again a while later, when the world (another case, a deadline) may differ
    this.idle.add(idleKey, ctx.now().getTime() + REFUSAL_COOLDOWN_MS / ctx.config.speed);
    return 'nothing';
  }
}
