import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { QueryClient } from '@tanstack/query-core';
import type { CaseEventMessage, CaseSummary, ClientToServerEvents, ServerToClientEvents } from '@gridops/contracts';
import { createLiveClient, type LiveClient } from '@gridops/live-client';
import { sampleInteriorPoint } from '@gridops/server';
import { TEST_REDIS_URL, createTestDatabase, spawnApi, startTcpProxy, waitFor, type ChildApp, type TcpProxy, type TestDatabase } from '@gridops/server-testing';
import { reportBody } from './support/fixtures';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ResumeDone = Parameters<ServerToClientEvents['resume.done']>[0];

/** the advisory lock the test holds: a report whose description says [held] waits for it after its seq is taken */
const HOLD_KEY = 160016;

/**
 * #16: a `case_events` seq comes from a sequence at insert, but transactions commit in their own order. An event
 * whose seq was taken first can commit after a higher one that a board already received. Made deterministic here: a
 * trigger (installed by the test as the database owner) stops the transaction of a report marked [held] right after
 * its event row — and so its seq — is written, until the test lets go of an advisory lock; meanwhile a second report
 * commits and reaches the board. Real processes: the built api, Postgres and Redis; the board's connection runs
 * through a TCP proxy the test can cut.
 */
describe('live events that commit out of seq order (#16)', () => {
  let db: TestDatabase;
  let owner: Client;
  let api: ChildApp & { url: string; port: number };
  let proxy: TcpProxy;
  let token: string;
  let board: LiveClient | null = null;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new Client({ connectionString: db.ownerUrl });
    await owner.connect();
    await owner.query(`
      CREATE FUNCTION test_hold_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND description LIKE '%[held]%') THEN
          PERFORM pg_advisory_xact_lock(${HOLD_KEY});
        END IF;
        RETURN NULL;
      END $$`);
    await owner.query(`CREATE TRIGGER test_hold_event AFTER INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION test_hold_event()`);
    // no worker: the reports' own events are the only ones (no automatic dispatch in between)
    api = await spawnApi({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `gridops-order-${randomBytes(4).toString('hex')}` });
    proxy = await startTcpProxy({ host: '127.0.0.1', port: api.port });
    token = await login('operator');
  }, 90_000);

  async function login(username: string): Promise<string> {
    const res = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'gridops-demo' }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  afterEach(() => {
    board?.close();
    board = null;
    sockets.splice(0).forEach((s) => s.close());
  });
  afterAll(async () => {
    await proxy?.close();
    await api?.stop();
    await owner?.end();
    await db?.drop();
  }, 30_000);

  const report = async (description: string, cell = 'jinsha-01') => {
    const res = await fetch(`${api.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'Idempotency-Key': `order-${randomBytes(6).toString('hex')}` },
      body: JSON.stringify(reportBody({ description, location: sampleInteriorPoint(cell) })),
    });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${await res.text()}`);
    return (await res.json()) as CaseSummary;
  };
  const seqOf = async (caseId: string) =>
    ((await owner.query(`SELECT seq::text FROM case_events WHERE case_id = $1 AND type = 'report'`, [caseId])).rows[0] as { seq: string }).seq;
  const waitingForHold = async () =>
    Number(((await owner.query(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [HOLD_KEY])).rows[0] as { count: string }).count);
  const lastAllocated = async () => ((await owner.query(`SELECT last_value::text FROM case_events_seq_seq`)).rows[0] as { last_value: string }).last_value;

  /** a report that takes its seq now and commits when `release` is called */
  async function heldReport(): Promise<{ seq: string; release: () => Promise<CaseSummary> }> {
    await owner.query('SELECT pg_advisory_lock($1)', [HOLD_KEY]);
    const posted = report('[held] 井盖缺失，提交被测试拦住');
    posted.catch(() => undefined);
    await waitFor(async () => (await waitingForHold()) === 1, { what: 'the held report to wait after its event row' });
    const seq = await lastAllocated();
    return {
      seq,
      release: async () => {
        await owner.query('SELECT pg_advisory_unlock($1)', [HOLD_KEY]);
        return posted;
      },
    };
  }

  /** a plain socket that records the case events it receives and the resume answers */
  const connect = async (origin: string) => {
    const s: LiveSocket = io(`${origin}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    const got: CaseEventMessage[] = [];
    const done: ResumeDone[] = [];
    s.on('case.created', (m) => got.push(m));
    s.on('case.updated', (m) => got.push(m));
    s.on('resume.done', (m) => done.push(m));
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return { socket: s, got, done };
  };

  it('the cause: a resume after the highest seq received leaves out a lower seq committed later', async () => {
    const seen = await connect(api.url);
    const before = await report('路灯不亮');
    await waitFor(async () => seen.got.find((m) => m.caseId === before.id), { what: 'the first report live' });
    const held = await heldReport();
    const after = await report('人行道破损');
    const afterSeq = await seqOf(after.id);
    expect(BigInt(afterSeq)).toBeGreaterThan(BigInt(held.seq));
    // the higher seq is committed and delivered while the lower one is still open
    await waitFor(async () => seen.got.find((m) => m.seq === afterSeq), { what: 'the higher seq live' });
    expect(seen.got.some((m) => m.seq === held.seq)).toBe(false);
    const heldCase = await held.release();
    expect(await seqOf(heldCase.id)).toBe(held.seq);
    // live, it does arrive — after the higher one
    await waitFor(async () => seen.got.find((m) => m.seq === held.seq), { what: 'the lower seq live, late' });
    expect(seen.got.map((m) => m.seq).indexOf(held.seq)).toBeGreaterThan(seen.got.map((m) => m.seq).indexOf(afterSeq));
    // but a board that was away when it was broadcast and resumes after the highest seq it saw never gets it
    const back = await connect(api.url);
    back.socket.emit('resume', { afterSeq });
    await waitFor(async () => back.done.length === 1, { what: 'the resume answer' });
    expect(back.got.map((m) => m.seq)).toEqual([]);
    // from below it, it does
    back.socket.emit('resume', { afterSeq: (BigInt(held.seq) - 1n).toString() });
    await waitFor(async () => back.done.length === 2, { what: 'the second resume answer' });
    expect(back.got.map((m) => m.seq)).toEqual([held.seq, afterSeq]);
  });

  it('a board away while the lower seq commits gets it on reconnect, and its gap check does not give up while it is open', async () => {
    const qc = new QueryClient();
    const got: CaseEventMessage[] = [];
    const answers: ResumeDone[] = [];
    board = createLiveClient({
      origin: `http://127.0.0.1:${proxy.port}`,
      getToken: () => token,
      queryClient: qc,
      gapCheckDelayMs: 50,
      socketOptions: { transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 200 },
    });
    board.on('case.created', (m) => got.push(m));
    board.on('resume.done', (m) => answers.push(m));
    await waitFor(async () => board?.state === 'live', { what: 'the board live' });
    const first = await report('垃圾满溢');
    await waitFor(async () => got.find((m) => m.caseId === first.id), { what: 'the first report on the board' });

    const held = await heldReport();
    const after = await report('共享单车乱停');
    const afterSeq = await seqOf(after.id);
    await waitFor(async () => got.find((m) => m.seq === afterSeq), { what: 'the higher seq on the board' });
    // the board sees the jump and asks; the answer cannot cover the open transaction, so the seq stays awaited
    const asked = answers.length;
    await waitFor(async () => answers.length > asked, { what: 'a gap check answered while the lower seq is open' });
    expect(board.missing).toContain(held.seq);

    // the board loses its connection; the lower seq commits and is broadcast meanwhile
    await proxy.cut();
    await waitFor(async () => board?.state !== 'live', { what: 'the board to notice the cut' });
    const heldCase = await held.release();
    await proxy.restore();
    // back: it resumes from below what it still awaits, and gets the event
    const late = await waitFor(async () => got.find((m) => m.caseId === heldCase.id), { what: 'the late-committed event after the reconnect', timeoutMs: 15_000 });
    expect(late.seq).toBe(held.seq);
    await waitFor(async () => board?.missing.length === 0, { what: 'nothing awaited any more' });
    // once each
    expect(got.filter((m) => m.seq === afterSeq)).toHaveLength(1);
    expect(got.filter((m) => m.seq === held.seq)).toHaveLength(1);
    qc.clear();
  });

  it('a 片区 board settles the seqs of other 片区 once they are committed, instead of awaiting them for ever', async () => {
    const workerToken = await login('worker.jinsha');
    const got: CaseEventMessage[] = [];
    board = createLiveClient({ origin: api.url, getToken: () => workerToken, queryClient: new QueryClient(), gapCheckDelayMs: 50, socketOptions: { transports: ['websocket'] } });
    board.on('case.created', (m) => got.push(m));
    await waitFor(async () => board?.state === 'live', { what: 'the 金沙 board live' });
    const mine1 = await report('金沙 路面积水');
    await waitFor(async () => got.find((m) => m.caseId === mine1.id), { what: 'the first 金沙 report' });
    // three reports in 新城 (not this board's) take seqs, then one in 金沙: a jump of three
    for (const d of ['新城 一', '新城 二', '新城 三']) await report(d, 'xincheng-02');
    const mine2 = await report('金沙 树木倒伏');
    await waitFor(async () => got.find((m) => m.caseId === mine2.id), { what: 'the second 金沙 report' });
    await waitFor(async () => board?.missing.length === 0, { what: 'the other 片区 seqs settled' });
    expect(got.map((m) => m.caseId)).toEqual([mine1.id, mine2.id]);
  });
});
