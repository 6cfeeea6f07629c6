import { LIVE_BATCH_WINDOW_MS, type CaseEventMessage } from '@gridops/contracts';
import { LivePublisher } from './live-publisher';

class RecordingPublisher extends LivePublisher {
  sent: { rooms: string[]; event: string; payload: unknown }[] = [];
  protected send(rooms: string[], event: string, payload: unknown): void {
    this.sent.push({ rooms, event, payload });
  }
}

const msg = (seq: number, district = 'xincheng') => ({ seq: String(seq), type: 'dispatch', caseId: `c${seq}`, case: { districtCode: district } }) as unknown as CaseEventMessage;

describe('LivePublisher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends each case event at once to the plain rooms and groups it per batched room for one window', () => {
    const p = new RecordingPublisher();
    p.emit(['town', 'district:xincheng', 'user:u1'], 'case.updated', msg(1));
    p.emit(['town', 'district:jinsha'], 'case.created', msg(2, 'jinsha'));
    expect(p.sent.map((s) => s.event)).toEqual(['case.updated', 'case.created']);
    expect(p.sent[0].rooms).toEqual(['town', 'district:xincheng', 'user:u1']);

    jest.advanceTimersByTime(LIVE_BATCH_WINDOW_MS - 1);
    expect(p.sent).toHaveLength(2);
    jest.advanceTimersByTime(1);
    const batches = p.sent.slice(2);
    expect(batches.every((b) => b.event === 'case.batch' && b.rooms.length === 1)).toBe(true);
    const byRoom = Object.fromEntries(batches.map((b) => [b.rooms[0], (b.payload as CaseEventMessage[]).map((m) => m.seq)]));
    // one frame per room, in publish order; personal rooms are never batched (they get the single messages)
    expect(byRoom).toEqual({ 'batch:town': ['1', '2'], 'batch:district:xincheng': ['1'], 'batch:district:jinsha': ['2'] });
  });

  it('sends alerts, queue figures and notifications to plain and batched rooms at once', () => {
    const p = new RecordingPublisher();
    p.emit(['town', 'district:nujiang'], 'queue.stats', { at: 'now', queues: [] });
    p.emit(['user:u9'], 'notification', { id: '1', kind: 'case.dispatched', caseId: null, params: { number: 'CZ-1' }, createdAt: 'now' });
    expect(p.sent[0].rooms).toEqual(['town', 'district:nujiang', 'batch:town', 'batch:district:nujiang']);
    expect(p.sent[1].rooms).toEqual(['user:u9']);
    jest.advanceTimersByTime(LIVE_BATCH_WINDOW_MS * 2);
    expect(p.sent).toHaveLength(2);
  });

  it('drops what waits on shutdown, and flushes on demand starting a new window afterwards', () => {
    const q = new RecordingPublisher();
    q.emit(['town'], 'case.updated', msg(5));
    q.discardPending();
    jest.advanceTimersByTime(LIVE_BATCH_WINDOW_MS * 2);
    expect(q.sent.map((x) => x.event)).toEqual(['case.updated']);

    const p = new RecordingPublisher();
    p.emit(['town'], 'case.updated', msg(7));
    p.flush();
    expect(p.sent.at(-1)).toEqual({ rooms: ['batch:town'], event: 'case.batch', payload: [msg(7)] });
    p.emit(['town'], 'case.updated', msg(8));
    jest.advanceTimersByTime(LIVE_BATCH_WINDOW_MS);
    expect(p.sent.at(-1)?.payload).toEqual([msg(8)]);
  });
});
