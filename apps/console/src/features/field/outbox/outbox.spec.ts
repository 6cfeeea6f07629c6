import type { ActionRequest, CaseDetail, CaseView, CreateReportRequest } from '@gridops/contracts';
import type { CaseAction } from '@gridops/domain';
import { BACKOFF, backoffDelay } from './backoff';
import { actionKey, type NewEntry, type QueuedPhoto } from './outbox-entry';
import { MemoryOutboxStore } from './outbox-store';
import { Outbox, type OutboxTransport } from './outbox';

const ME = 'user-1';

class HttpLikeError extends Error {
  constructor(readonly status: number, readonly code = `HTTP_${status}`) {
    super(code);
  }
}
const network = () => new HttpLikeError(0, 'NETWORK');

/** A scripted API: each call takes the next planned answer (an error to throw, or success). */
class FakeApi implements OutboxTransport {
  uploads: QueuedPhoto[] = [];
  reports: { key: string; body: CreateReportRequest }[] = [];
  actions: { caseId: string; action: CaseAction; body: ActionRequest }[] = [];
  failNext: { upload: Error[]; report: Error[]; action: Error[] } = { upload: [], report: [], action: [] };
  view: CaseView | null = null;
  private n = 0;

  async uploadPhoto(photo: QueuedPhoto) {
    this.uploads.push(photo);
    const e = this.failNext.upload.shift();
    if (e) throw e;
    return `att-${++this.n}`;
  }
  async sendReport(key: string, body: CreateReportRequest) {
    this.reports.push({ key, body });
    const e = this.failNext.report.shift();
    if (e) throw e;
    return { id: 'case-1', number: 'CZ-20261126-0001' } as CaseDetail;
  }
  /** the version the server answers with after an action (the case may move more than one step) */
  versionAfter: number | null = null;
  async sendAction(caseId: string, action: CaseAction, body: ActionRequest) {
    this.actions.push({ caseId, action, body });
    const e = this.failNext.action.shift();
    if (e) throw e;
    return { case: { id: caseId, version: this.versionAfter ?? body.version + 1 } } as CaseView;
  }
  async loadCase() {
    if (!this.view) throw new HttpLikeError(404);
    return this.view;
  }
}

/** A hand-driven clock and timers, so backoff is asserted without waiting. */
class Clock {
  now = 1_000_000;
  timers: { fn: () => void; at: number; id: number }[] = [];
  private id = 0;
  setTimer = (fn: () => void, ms: number) => {
    const id = ++this.id;
    this.timers.push({ fn, at: this.now + ms, id });
    return id;
  };
  clearTimer = (id: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  /** when the next timer fires, relative to now */
  nextIn(): number | null {
    const next = Math.min(...this.timers.map((t) => t.at));
    return Number.isFinite(next) ? next - this.now : null;
  }
  advance(ms: number) {
    this.now += ms;
    const due = this.timers.filter((t) => t.at <= this.now);
    this.timers = this.timers.filter((t) => t.at > this.now);
    due.forEach((t) => t.fn());
  }
}

const photo = (localId: string, kind: QueuedPhoto['kind'] = 'report'): QueuedPhoto => ({
  localId,
  kind,
  blob: new Blob(['jpeg bytes'], { type: 'image/jpeg' }),
  name: `${localId}.jpg`,
  attachmentId: null,
});

const report = (key = 'rep-key-1', photos: QueuedPhoto[] = []): NewEntry => ({
  type: 'report',
  key,
  userId: ME,
  label: '暴露垃圾',
  photos,
  body: { source: 'patrol', categoryCode: 'E0102', description: '路口暴露垃圾', location: { lat: 31.245, lng: 121.38 } },
});

const accept = (version = 3, knownSeq: string | null = '40'): NewEntry => ({
  type: 'action',
  key: actionKey('case-9', 'accept', version),
  userId: ME,
  label: 'CZ-20261126-0009',
  photos: [],
  caseId: 'case-9',
  caseNumber: 'CZ-20261126-0009',
  action: 'accept',
  body: { version },
  knownSeq,
});

/** 处置反馈 made without coverage after a queued 签收: its version is the phone's guess until 签收 is through */
const handleAfter = (after: string | null, version = 4): NewEntry => ({
  type: 'action',
  key: actionKey('case-9', 'handle', version),
  userId: ME,
  label: 'CZ-20261126-0009 · 处置反馈',
  photos: [photo('before-1', 'before'), photo('after-1', 'after')],
  caseId: 'case-9',
  caseNumber: 'CZ-20261126-0009',
  action: 'handle',
  body: { version, note: '垃圾已清运' },
  knownSeq: '40',
  after,
});

describe('field outbox (待发送)', () => {
  let store: MemoryOutboxStore;
  let api: FakeApi;
  let clock: Clock;
  let online: boolean;
  const make = (userId = ME) =>
    new Outbox({
      store,
      transport: api,
      userId,
      now: () => clock.now,
      random: () => 0.5,
      isOnline: () => online,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
    });

  beforeEach(() => {
    store = new MemoryOutboxStore();
    api = new FakeApi();
    clock = new Clock();
    online = true;
  });

  it('uploads the photos first, then posts the report with its Idempotency-Key and their ids, and forgets it', async () => {
    const box = make();
    const sent = jest.fn();
    box.onSent(sent);
    const outcome = await box.enqueue(report('rep-key-1', [photo('p1'), photo('p2')]));
    expect(outcome).toMatchObject({ outcome: 'sent', result: { type: 'report', case: { id: 'case-1' } } });
    expect(api.uploads.map((p) => p.localId)).toEqual(['p1', 'p2']);
    expect(api.reports).toEqual([{ key: 'rep-key-1', body: expect.objectContaining({ categoryCode: 'E0102', attachmentIds: ['att-1', 'att-2'] }) }]);
    expect(sent).toHaveBeenCalledTimes(1);
    expect(sent.mock.calls[0][2]).toEqual({ background: false }); // the waiting form announces it, not the outbox
    expect(box.list()).toEqual([]);
    expect(await store.all()).toEqual([]);
  });

  it('keeps a report the network lost, retries it with backoff, and never uploads a photo twice', async () => {
    const box = make();
    api.failNext.report.push(network(), new HttpLikeError(503));
    const outcome = await box.enqueue(report('rep-key-1', [photo('p1')]));
    expect(outcome).toMatchObject({ outcome: 'queued', error: { status: 0 } });
    expect(box.list()).toHaveLength(1);
    expect(box.list()[0]).toMatchObject({ attempts: 1, status: 'pending', lastError: { code: 'NETWORK' } });
    await box.flush();
    // first retry after base × (½ + ½·0.5)
    expect(clock.nextIn()).toBe(backoffDelay(1, () => 0.5));
    clock.advance(clock.nextIn() ?? 0);
    await box.flush();
    expect(box.list()[0]).toMatchObject({ attempts: 2, lastError: { status: 503 } });
    expect(clock.nextIn()).toBe(backoffDelay(2, () => 0.5));
    clock.advance(clock.nextIn() ?? 0);
    await box.flush();
    expect(box.list()).toEqual([]);
    expect(api.uploads).toHaveLength(1);
    // the same key every time: if a lost answer hid a stored report, the server answers with that case
    expect(api.reports.map((r) => r.key)).toEqual(['rep-key-1', 'rep-key-1', 'rep-key-1']);
    expect(api.reports.every((r) => r.body.attachmentIds?.[0] === 'att-1')).toBe(true);
  });

  it('backs off exponentially with jitter, up to a cap', () => {
    expect(backoffDelay(1, () => 0)).toBe(BACKOFF.baseMs / 2);
    expect(backoffDelay(1, () => 1)).toBe(BACKOFF.baseMs);
    expect(backoffDelay(3, () => 1)).toBe(BACKOFF.baseMs * 4);
    expect(backoffDelay(30, () => 1)).toBe(BACKOFF.maxMs);
    expect(backoffDelay(30, () => 0)).toBe(BACKOFF.maxMs / 2);
  });

  it('adds nothing for an idempotency key already queued (a double tap sends once)', async () => {
    online = false;
    const box = make();
    await box.enqueue(report('rep-key-1'));
    expect(await box.enqueue(report('rep-key-1'))).toEqual({ outcome: 'duplicate' });
    expect(box.list()).toHaveLength(1);
    online = true;
    await box.retry();
    expect(api.reports).toHaveLength(1);
  });

  it('spends no attempts while offline and sends when the phone is back online', async () => {
    online = false;
    const box = make();
    expect(await box.enqueue(report())).toMatchObject({ outcome: 'queued', error: { code: 'OFFLINE' } });
    expect(api.reports).toHaveLength(0);
    expect(box.list()[0]).toMatchObject({ attempts: 0 });
    expect(clock.nextIn()).toBeNull(); // no spinning timer offline
    online = true;
    await box.retry(); // what the `online` event does
    expect(api.reports).toHaveLength(1);
    expect(box.list()).toEqual([]);
  });

  it('survives a reload: a new outbox over the same store sends what the old one left', async () => {
    online = false;
    const before = make();
    await before.enqueue(report('rep-key-1', [photo('p1')]));
    await before.enqueue(accept());
    before.dispose();

    online = true;
    const after = make();
    await after.ready();
    await after.flush();
    expect(api.reports.map((r) => r.key)).toEqual(['rep-key-1']);
    expect(api.actions).toEqual([{ caseId: 'case-9', action: 'accept', body: { version: 3 } }]);
    expect(after.list()).toEqual([]);
  });

  it('remembers an uploaded photo across a reload, so the retry only sends the report', async () => {
    const before = make();
    api.failNext.report.push(network());
    await before.enqueue(report('rep-key-1', [photo('p1')]));
    before.dispose();
    const after = make();
    await after.ready();
    await after.retry();
    expect(api.uploads).toHaveLength(1);
    expect(api.reports[1].body.attachmentIds).toEqual(['att-1']);
  });

  it('hands a refusal to the waiting form and drops the entry; a refusal in the background is kept as failed', async () => {
    const box = make();
    api.failNext.report.push(new HttpLikeError(400, 'VALIDATION'));
    expect(await box.enqueue(report('rep-key-1'))).toMatchObject({ outcome: 'rejected', error: { status: 400, code: 'VALIDATION' } });
    expect(box.list()).toEqual([]);

    api.failNext.report.push(network(), new HttpLikeError(422, 'OUTSIDE_TOWN'));
    await box.enqueue(report('rep-key-2'));
    await box.flush(); // let the pass that made the try schedule the retry
    clock.advance(clock.nextIn() ?? 0);
    await box.flush();
    expect(box.list()[0]).toMatchObject({ key: 'rep-key-2', status: 'failed', lastError: { code: 'OUTSIDE_TOWN' } });
    expect(clock.nextIn()).toBeNull(); // a refused entry is not retried by itself
    await box.retry(); // retrying "everything" leaves refused entries alone
    expect(api.reports).toHaveLength(3);
    await box.retry('rep-key-2'); // …the worker retries that one explicitly
    expect(api.reports).toHaveLength(4);
    expect(box.list()).toEqual([]);
  });

  it('treats a retried action as done when the case shows it landed on the try whose answer was lost', async () => {
    const box = make();
    api.failNext.action.push(network(), new HttpLikeError(409, 'CONFLICT'));
    await box.enqueue(accept(3, '40'));
    api.view = {
      case: { id: 'case-9', state: 'IN_PROGRESS', version: 4 },
      timeline: [
        { seq: '40', type: 'dispatch', actor: { id: 'lead', role: 'operator', name: 'x' } },
        { seq: '41', type: 'accept', actor: { id: ME, role: 'grid_worker', name: 'me' } },
      ],
    } as unknown as CaseView;
    const sent = jest.fn();
    box.onSent(sent);
    await box.flush();
    clock.advance(clock.nextIn() ?? 0);
    await box.flush();
    expect(box.list()).toEqual([]);
    expect(sent).toHaveBeenCalledWith(expect.objectContaining({ key: 'case-9:accept:v3' }), { type: 'action', view: api.view }, { background: true });
  });

  it('reports a conflict when someone else changed the case first', async () => {
    const box = make();
    api.failNext.action.push(new HttpLikeError(409, 'CONFLICT'));
    api.view = { case: { id: 'case-9' }, timeline: [{ seq: '41', type: 'accept', actor: { id: ME } }] } as unknown as CaseView;
    // first try: the version was stale from the start, whatever the timeline says
    expect(await box.enqueue(accept(3))).toMatchObject({ outcome: 'rejected', error: { status: 409 } });
  });

  it('sends only the signed-in user’s entries (a phone shared between shifts)', async () => {
    online = false;
    const theirs = make('user-2');
    await theirs.enqueue({ ...report('theirs'), userId: 'user-2' });
    theirs.dispose();
    online = true;
    const mine = make(ME);
    await mine.ready();
    await mine.flush();
    expect(api.reports).toHaveLength(0);
    expect(mine.list()).toEqual([]);
    expect(await store.all()).toHaveLength(1);
  });

  it('gives up waiting on a slow first try but keeps sending it', async () => {
    const box = make();
    let release: () => void = () => undefined;
    api.sendReport = jest.fn(() => new Promise<CaseDetail>((resolve) => (release = () => resolve({ id: 'late' } as CaseDetail))));
    const waiting = box.enqueue(report(), { waitMs: 8000 });
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    clock.advance(8000);
    expect(await waiting).toEqual({ outcome: 'queued', error: null });
    const sent = jest.fn();
    box.onSent(sent);
    release();
    await box.flush();
    expect(sent).toHaveBeenCalledWith(expect.objectContaining({ key: 'rep-key-1' }), { type: 'report', case: { id: 'late' } }, { background: true });
    expect(box.list()).toEqual([]);
  });

  it('sends actions queued without coverage in order — 签收, then 处置反馈 with its photos on the version 签收 left', async () => {
    online = false;
    const box = make();
    const first = accept(3);
    expect(await box.enqueue(first)).toMatchObject({ outcome: 'queued' });
    expect(await box.enqueue(handleAfter(first.key))).toMatchObject({ outcome: 'queued' });
    expect(api.actions).toEqual([]);
    online = true;
    api.versionAfter = 5; // the pipeline moved the case once more after 签收
    api.failNext.action.push(network()); // and the first try of 签收 is lost on the way
    await box.retry();
    // 处置反馈 never went before 签收 was through
    expect(api.actions.map((a) => a.action)).toEqual(['accept']);
    expect(api.uploads).toEqual([]);
    expect(clock.nextIn()).toBeGreaterThan(0); // one timer, for 签收's retry: the waiting entry does not spin
    clock.advance(clock.nextIn() ?? 0);
    await box.flush();
    expect(api.actions.map((a) => `${a.action}@${a.body.version}`)).toEqual(['accept@3', 'accept@3', 'handle@5']);
    expect(api.actions[2].body).toMatchObject({ note: '垃圾已清运', attachmentIds: ['att-1', 'att-2'] });
    expect(api.uploads.map((p) => p.kind)).toEqual(['before', 'after']);
    expect(box.list()).toEqual([]);
  });

  it('holds what follows a refused action and keeps it whole; resent on the case as it is now, it goes through', async () => {
    const box = make();
    const first = accept(3);
    api.failNext.action.push(network());
    await box.enqueue(first);
    await box.enqueue(handleAfter(first.key));
    // someone else acted on the case meanwhile: 签收 is refused in the background
    api.failNext.action.push(new HttpLikeError(409, 'VERSION_CONFLICT'));
    clock.advance(clock.nextIn() ?? 0);
    await box.flush();
    expect(box.list().map((e) => [e.type === 'action' && e.action, e.status])).toEqual([['accept', 'failed'], ['handle', 'pending']]);
    expect(api.actions.map((a) => a.action)).toEqual(['accept', 'accept']);
    // the note and the photos are still there
    const held = box.list()[1];
    expect(held.type === 'action' && held.body).toMatchObject({ note: '垃圾已清运' });
    expect(held.photos).toHaveLength(2);

    // the case is now accepted (by the phone's first try, or the lead moved it on): 签收 is not offered; 处置反馈 is
    api.view = { case: { id: 'case-9', version: 7, state: 'IN_PROGRESS' }, timeline: [{ seq: '55' }], allowedActions: ['handle'], attachments: [] } as unknown as CaseView;
    expect(await box.rebase(first.key)).toMatchObject({ resent: false });
    expect(box.list()[0]).toMatchObject({ status: 'failed', lastError: { code: 'NOT_ALLOWED_NOW', message: 'IN_PROGRESS' } });
    await box.discard(first.key);
    await box.rebase(held.key);
    expect(api.actions.map((a) => `${a.action}@${a.body.version}`).slice(-1)).toEqual(['handle@7']);
    expect(box.list()).toEqual([]);
  });
});
