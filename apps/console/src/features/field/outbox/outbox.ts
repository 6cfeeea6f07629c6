import type { ActionRequest, CaseDetail, CaseView, CreateReportRequest } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { backoffDelay } from './backoff';
import type { EntryError, NewEntry, OutboxEntry, QueuedAction, QueuedPhoto } from './outbox-entry';
import type { OutboxStore } from './outbox-store';

/** How the outbox reaches the API (http-transport.ts in the app, fakes in tests). Errors carry an HTTP `status`. */
export interface OutboxTransport {
  /** `POST /attachments`; the new attachment's id */
  uploadPhoto(photo: QueuedPhoto): Promise<string>;
  /** `POST /reports` with `Idempotency-Key: key` */
  sendReport(key: string, body: CreateReportRequest): Promise<CaseDetail>;
  sendAction(caseId: string, action: CaseAction, body: ActionRequest): Promise<CaseView>;
  loadCase(caseId: string): Promise<CaseView>;
}

export type SentResult = { type: 'report'; case: CaseDetail } | { type: 'action'; view: CaseView };
/** `background`: no form was waiting for this send (it was retried later, or the form stopped waiting) */
export type SentListener = (entry: OutboxEntry, result: SentResult, info: { background: boolean }) => void;

/** What became of an entry's first try, for the form that is waiting on it. */
export type Attempt =
  | { outcome: 'sent'; result: SentResult }
  /** kept and retried later; `error` is null while the first try is still running past the caller's patience */
  | { outcome: 'queued'; error: EntryError | null }
  /** the server said no (4xx): the entry is dropped so the form can be corrected */
  | { outcome: 'rejected'; error: EntryError }
  /** an entry with this idempotency key is already queued: nothing new was added */
  | { outcome: 'duplicate' };

export interface OutboxOptions {
  store: OutboxStore;
  transport: OutboxTransport;
  /** only this user's entries are sent (a phone may be shared between shifts) */
  userId: string;
  now?: () => number;
  random?: () => number;
  isOnline?: () => boolean;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Network trouble, timeouts, rate limits, server errors and an expired session may pass on a later try; other 4xx won't. */
export function isRetryable(e: EntryError): boolean {
  return e.status === 0 || e.status === 401 || e.status === 408 || e.status === 429 || e.status >= 500;
}

export function toEntryError(err: unknown): EntryError {
  const e = err as { status?: unknown; code?: unknown; message?: unknown };
  return {
    status: typeof e?.status === 'number' ? e.status : 0,
    code: typeof e?.code === 'string' ? e.code : 'NETWORK',
    message: typeof e?.message === 'string' ? e.message : String(err),
  };
}

/**
 * The field outbox (待发送): every report and action from the phone goes through it. An entry is stored before the
 * first try; photos upload one by one and remember their attachment id; the request then goes out with its
 * idempotency key. Failures that may pass later are retried with exponential backoff (and at once when the phone
 * comes back online); refusals wait for the worker. Sending is sequential: one request at a time on a slow link.
 */
export class Outbox {
  private readonly entries = new Map<string, OutboxEntry>();
  private readonly listeners = new Set<() => void>();
  private readonly sentListeners = new Set<SentListener>();
  /** callers waiting on an entry's first try */
  private readonly waiters = new Map<string, (a: Attempt) => void>();
  private readonly loaded: Promise<void>;
  private running: Promise<void> | null = null;
  private rerun = false;
  private timer: unknown = null;
  private disposed = false;
  private snapshot: OutboxEntry[] = [];
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly isOnline: () => boolean;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly opts: OutboxOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.isOnline = opts.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine));
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.loaded = this.load();
  }

  /** Entries read back from the store (what a reload left behind) are sent as soon as they are loaded. */
  private async load(): Promise<void> {
    for (const e of await this.opts.store.all()) this.entries.set(e.key, e);
    this.changed();
    if (this.mine().length) void this.flush();
  }

  ready(): Promise<void> {
    return this.loaded;
  }

  /** This user's entries, oldest first (a stable snapshot for useSyncExternalStore). */
  list(): OutboxEntry[] {
    return this.snapshot;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Told of every entry that reached the server (also ones sent in the background, long after their form closed). */
  onSent(fn: SentListener): () => void {
    this.sentListeners.add(fn);
    return () => this.sentListeners.delete(fn);
  }

  /**
   * Store the entry, then try it. Resolves with the first try's outcome, or `queued` after `waitMs` if the link is
   * too slow to wait for (the entry carries on in the background).
   */
  async enqueue(n: NewEntry, opts: { waitMs?: number } = {}): Promise<Attempt> {
    await this.loaded;
    if (this.entries.has(n.key)) return { outcome: 'duplicate' };
    const now = this.now();
    const entry = { ...n, createdAt: now, attempts: 0, nextAttemptAt: now, status: 'pending', lastError: null } as OutboxEntry;
    await this.opts.store.put(entry);
    this.entries.set(entry.key, entry);
    this.changed();
    const first = new Promise<Attempt>((resolve) => this.waiters.set(entry.key, resolve));
    void this.flush();
    if (opts.waitMs === undefined) return first;
    let patience: unknown = null;
    const impatient = new Promise<Attempt>((resolve) => {
      patience = this.setTimer(() => {
        this.waiters.delete(entry.key); // nobody waits any more: a later refusal is kept for the 待发送 list
        resolve({ outcome: 'queued', error: null });
      }, opts.waitMs ?? 0);
    });
    const outcome = await Promise.race([first, impatient]);
    this.clearTimer(patience);
    return outcome;
  }

  /**
   * Send a refused action again on the case as it is now (its version moved: someone else acted meanwhile), if the
   * action is still allowed; nothing typed or photographed is lost either way. Resolves with what the case is now.
   */
  async rebase(key: string): Promise<{ resent: boolean; view: CaseView | null }> {
    const e = this.entries.get(key);
    if (!e || e.type !== 'action') return { resent: false, view: null };
    let view: CaseView;
    try {
      view = await this.opts.transport.loadCase(e.caseId);
    } catch (err) {
      e.lastError = toEntryError(err);
      await this.persist(e);
      return { resent: false, view: null };
    }
    if (!view.allowedActions.includes(e.action)) {
      e.status = 'failed';
      e.lastError = { status: 409, code: 'NOT_ALLOWED_NOW', message: view.case.state };
      await this.persist(e);
      return { resent: false, view };
    }
    e.body = { ...e.body, version: view.case.version };
    e.knownSeq = view.timeline.length ? view.timeline[view.timeline.length - 1].seq : null;
    e.after = null;
    e.status = 'pending';
    e.nextAttemptAt = this.now();
    await this.persist(e);
    await this.flush();
    return { resent: true, view };
  }

  /** Try again now: every pending entry, or one entry (also a refused one) when its key is given. */
  retry(key?: string): Promise<void> {
    const now = this.now();
    for (const e of this.mine()) {
      if (key !== undefined ? e.key === key : e.status === 'pending') {
        e.status = 'pending';
        e.nextAttemptAt = now;
      }
    }
    this.changed();
    return this.flush();
  }

  async discard(key: string): Promise<void> {
    await this.opts.store.delete(key);
    this.entries.delete(key);
    this.changed();
    // what waited for it may go now (and be judged by the server on its own)
    if (this.mine().some((e) => e.type === 'action' && e.after === key)) void this.flush();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.listeners.clear();
    this.sentListeners.clear();
  }

  /** Send what is due; concurrent calls join the running pass, which then goes round once more. */
  flush(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      await this.loaded;
      do {
        this.rerun = false;
        await this.sendDue();
      } while (this.rerun && !this.disposed);
    })().finally(() => {
      this.running = null;
      this.schedule();
    });
    return this.running;
  }

  private async sendDue(): Promise<void> {
    const due = () => this.mine().filter((e) => e.status === 'pending' && e.nextAttemptAt <= this.now());
    if (!this.isOnline()) {
      // no point burning attempts: the `online` event brings us back
      for (const e of due()) this.settle(e.key, { outcome: 'queued', error: { status: 0, code: 'OFFLINE', message: 'offline' } });
      return;
    }
    for (const e of due()) {
      if (this.disposed) return;
      // in order: an action made after another queued one waits until that one is through (or deleted)
      if (this.entries.get(e.key) !== e) continue;
      if (this.waitsForAnother(e)) this.settle(e.key, { outcome: 'queued', error: { status: 0, code: 'IN_ORDER', message: 'waits for the action before it' } });
      else await this.attempt(e);
    }
  }

  private waitsForAnother(e: OutboxEntry): boolean {
    return e.type === 'action' && !!e.after && this.entries.has(e.after);
  }

  private async attempt(e: OutboxEntry): Promise<void> {
    try {
      for (const p of e.photos) {
        if (p.attachmentId) continue;
        p.attachmentId = await this.opts.transport.uploadPhoto(p);
        await this.persist(e);
      }
      const attachmentIds = e.photos.map((p) => p.attachmentId as string);
      const withPhotos = <B extends object>(body: B) => (attachmentIds.length ? { ...body, attachmentIds } : body);
      const result: SentResult =
        e.type === 'report'
          ? { type: 'report', case: await this.opts.transport.sendReport(e.key, withPhotos(e.body) as CreateReportRequest) }
          : { type: 'action', view: await this.opts.transport.sendAction(e.caseId, e.action, withPhotos(e.body) as ActionRequest) };
      await this.succeed(e, result);
    } catch (err) {
      const error = toEntryError(err);
      const proof = e.type === 'action' && e.attempts > 0 && [403, 409, 422].includes(error.status) ? await this.appliedEarlier(e) : null;
      if (proof) return this.succeed(e, { type: 'action', view: proof });
      e.attempts += 1;
      e.lastError = error;
      if (isRetryable(error)) {
        e.nextAttemptAt = this.now() + backoffDelay(e.attempts, this.random);
        await this.persist(e);
        this.settle(e.key, { outcome: 'queued', error });
      } else if (this.waiters.has(e.key)) {
        // the form that made it is still open and shows the refusal; keeping the entry would only duplicate it
        await this.opts.store.delete(e.key);
        this.entries.delete(e.key);
        this.changed();
        this.settle(e.key, { outcome: 'rejected', error });
      } else {
        e.status = 'failed';
        await this.persist(e);
      }
    }
  }

  /**
   * A retry met a refusal that a first try that did land would also cause (the version moved on): look at the case
   * for this person's step of this action after the timeline they had seen.
   */
  private async appliedEarlier(e: QueuedAction & OutboxEntry): Promise<CaseView | null> {
    try {
      const view = await this.opts.transport.loadCase(e.caseId);
      const after = e.knownSeq === null ? -1n : BigInt(e.knownSeq);
      const landed = view.timeline.some((ev) => ev.type === e.action && ev.actor.id === this.opts.userId && BigInt(ev.seq) > after);
      return landed ? view : null;
    } catch {
      return null;
    }
  }

  private async succeed(e: OutboxEntry, result: SentResult): Promise<void> {
    // the actions queued after this one go on the version it left (the server may have moved it more than one step)
    if (result.type === 'action') {
      for (const next of this.entries.values()) {
        if (next.type !== 'action' || next.after !== e.key) continue;
        next.body = { ...next.body, version: result.view.case.version };
        next.after = null;
        await this.opts.store.put(next);
      }
    }
    await this.opts.store.delete(e.key);
    this.entries.delete(e.key);
    this.changed();
    const background = !this.waiters.has(e.key);
    this.sentListeners.forEach((fn) => fn(e, result, { background }));
    this.settle(e.key, { outcome: 'sent', result });
  }

  private settle(key: string, outcome: Attempt): void {
    const waiter = this.waiters.get(key);
    this.waiters.delete(key);
    waiter?.(outcome);
  }

  private async persist(e: OutboxEntry): Promise<void> {
    await this.opts.store.put(e);
    this.changed();
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    // offline, a timer would only spin: the `online` event (OutboxProvider) calls retry()
    if (!this.isOnline()) return;
    // an entry waiting for the one before it is tried when that one is through (a timer would spin)
    const next = Math.min(...this.mine().filter((e) => e.status === 'pending' && !this.waitsForAnother(e)).map((e) => e.nextAttemptAt));
    if (!Number.isFinite(next)) return;
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, Math.max(0, next - this.now()));
  }

  private mine(): OutboxEntry[] {
    return [...this.entries.values()].filter((e) => e.userId === this.opts.userId).sort((a, b) => a.createdAt - b.createdAt);
  }

  private changed(): void {
    this.snapshot = this.mine().map((e) => ({ ...e }));
    this.listeners.forEach((fn) => fn());
  }
}
