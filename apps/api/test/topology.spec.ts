import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { CaseEventMessage, CaseSummary, ClientToServerEvents, ServerToClientEvents } from '@gridops/contracts';
import { sampleInteriorPoint } from '@gridops/server';
import { TEST_REDIS_URL, WORKSPACE, createTestDatabase, waitFor, type TestDatabase } from '@gridops/server-testing';
import { reportBody } from './support/fixtures';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Described {
  proxyUrl: string;
  dir: string;
  apis: { name: string; url: string; pid: number }[];
  workers: { name: string; healthUrl: string; metricsUrl: string; pid: number }[];
}

/**
 * Issue #16 part 4: docker-compose.yml's production shape as processes (scripts/topology.mjs — the migrate job once,
 * 2 api + 2 workers behind Debian's nginx with compose's own proxy config), and everything below goes through the
 * proxy's one address: a board's socket (socket.io's long-polling, then the websocket upgrade) receives what is
 * reported through the same front door, whichever api took the report; each case's jobs run exactly once across two
 * workers, one of which is SIGKILLed mid-burst and brought back by the topology's restart policy.
 */
describe('the 2 + 2 topology behind nginx', () => {
  let db: TestDatabase;
  let pg: Client;
  let topology: ChildProcess;
  let out = '';
  let t: Described;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.ownerUrl });
    await pg.connect();
    // as docker-compose.demo.yml sets it (demo users to sign in with); a short job lock so a killed worker's job is
    // taken over in seconds, not JOB_LOCK_MS's default 30 s
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      DEMO: 'true',
      SIM: 'off',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      MIGRATION_DATABASE_URL: db.ownerUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `gridops-test-topology-${randomBytes(4).toString('hex')}`,
      JOB_LOCK_MS: '2000',
    };
    // its own process group: whatever happens to the test, the whole topology goes with it in afterAll
    topology = spawn(process.execPath, [path.join(WORKSPACE, 'scripts/topology.mjs'), '--free-ports'], { cwd: WORKSPACE, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    topology.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    topology.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    t = await waitFor(
      async () => {
        if (topology.exitCode !== null) throw new Error(`the topology exited:\n${out}`);
        const line = /^topology ready (.+)$/m.exec(out);
        return line ? (JSON.parse(line[1]) as Described) : null;
      },
      { what: 'the topology to be ready', timeoutMs: 150_000, intervalMs: 200 },
    );
  }, 180_000);

  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    if (topology?.pid && topology.exitCode === null) {
      const exited = new Promise((r) => topology.once('exit', r));
      process.kill(topology.pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-(topology.pid as number), 'SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    await pg?.end();
    await db?.drop();
  }, 60_000);

  const api = async <T>(method: string, route: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.proxyUrl}${route}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T, headers: res.headers };
  };
  const login = async (username: string) => {
    const res = await api<{ accessToken: string }>('POST', '/api/v1/auth/login', undefined, { username, password: 'gridops-demo' });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return res.body.accessToken;
  };
  /** a patrol report (filed and dispatched by the pipeline) at one of a cell's five sample points, ≥ 50 m apart, so none is a duplicate of another */
  const patrol = async (token: string, cell: string, point: number, key = randomUUID()) => {
    const body = reportBody({ source: 'patrol', reporter: undefined, location: sampleInteriorPoint(cell, point) });
    const res = await api<CaseSummary>('POST', '/api/v1/reports', token, body, { 'idempotency-key': key });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, replayed: res.headers.get('idempotent-replayed') === 'true' };
  };
  /** a board socket through the proxy with socket.io's own transports (long-polling first unless told otherwise) */
  const board = async (token: string, transports?: ('polling' | 'websocket')[]) => {
    const s: LiveSocket = io(`${t.proxyUrl}/live`, { auth: { token }, reconnection: false, ...(transports ? { transports } : {}) });
    sockets.push(s);
    const got: CaseEventMessage[] = [];
    s.on('case.created', (m) => got.push(m));
    s.on('case.updated', (m) => got.push(m));
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return { socket: s, got, transport: () => s.io.engine.transport.name };
  };
  const scrape = async (url: string) => (await fetch(url)).text();
  /** a counter's value summed over its series with the given label, from one instance's exposition */
  const counter = (text: string, name: string, label: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) && l.includes(label))
      .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);

  it('serves the api through the proxy and keeps /metrics to the instances themselves', async () => {
    const ready = await api<{ status: string }>('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect((await fetch(`${t.proxyUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${t.apis[0].url}/metrics`)).status).toBe(200);
    expect(t.apis).toHaveLength(2);
    expect(t.workers).toHaveLength(2);
  });

  it("delivers every report made through the proxy, whichever api took it, to boards on the proxy's websockets and sticky long-polling", async () => {
    const [operator, gridWorker] = await Promise.all([login('operator'), login('worker.xincheng')]);
    const upgraded = await board(operator);
    // socket.io starts on long-polling and upgrades to a websocket through nginx (Upgrade/Connection carried)
    await waitFor(async () => upgraded.transport() === 'websocket', { what: 'the upgrade to a websocket through the proxy' });
    // long-polling only: each session's requests must reach the instance that holds it (a request landing on the
    // other api is answered 400 "Session ID unknown" and the socket drops)
    const polling = await Promise.all([board(operator, ['polling']), board(operator, ['polling'])]);

    const before = await Promise.all(t.apis.map(async (a) => counter(await scrape(`${a.url}/metrics`), 'gridops_reports_accepted_total', 'source="patrol"')));
    const cases: string[] = [];
    for (let i = 0; i < 12; i++) cases.push((await patrol(gridWorker, `xincheng-0${(i % 4) + 1}`, Math.floor(i / 4))).id);

    // both api instances took reports (least_conn over two idle instances alternates)
    const after = await Promise.all(t.apis.map(async (a) => counter(await scrape(`${a.url}/metrics`), 'gridops_reports_accepted_total', 'source="patrol"')));
    expect(after.map((n, i) => n - before[i]).every((n) => n > 0)).toBe(true);

    // each board hears of every case: its report (from whichever api) and its automatic dispatch (from a worker)
    const heard = (got: CaseEventMessage[], type: string) => new Set(got.filter((m) => m.type === type && cases.includes(m.caseId)).map((m) => m.caseId)).size;
    for (const b of [upgraded, ...polling]) {
      await waitFor(async () => heard(b.got, 'report') === cases.length && heard(b.got, 'dispatch') === cases.length, {
        what: `a ${b.transport()} board to receive all ${cases.length} reports and dispatches`,
        timeoutMs: 30_000,
      });
      expect(b.socket.connected).toBe(true);
    }
    expect(polling.map((b) => b.transport())).toEqual(['polling', 'polling']);
  }, 90_000);

  it('runs each case’s jobs exactly once across two workers while one is SIGKILLed mid-burst and restarted', async () => {
    const [gridWorker, operator] = await Promise.all([login('worker.jinsha'), login('operator')]);
    // 20 reports: the four jinsha cells × five points; the first ten, then a worker is killed, then ten more
    const reports = Array.from({ length: 20 }, (_, i) => ({ cell: `jinsha-0${(i % 4) + 1}`, point: Math.floor(i / 4), key: randomUUID() }));
    const send = (r: (typeof reports)[number]) => patrol(gridWorker, r.cell, r.point, r.key);
    const first = await Promise.all(reports.slice(0, 10).map(send));
    const victim = t.workers[0];
    process.kill(victim.pid, 'SIGKILL');
    const rest = await Promise.all(reports.slice(10).map(send));
    // a client retrying five reports through the proxy gets the same cases back
    const retried = await Promise.all(reports.slice(5, 10).map(send));
    expect(retried.map((r) => r.replayed)).toEqual([true, true, true, true, true]);
    expect(retried.map((r) => r.id)).toEqual(first.slice(5, 10).map((r) => r.id));
    const ids = [...first, ...rest].map((r) => r.id);
    expect(new Set(ids).size).toBe(20);

    // the topology's restart policy brings the killed worker back
    await waitFor(async () => out.includes(`"type":"restarted","name":"${victim.name}"`), { what: `${victim.name} to be restarted`, timeoutMs: 60_000 });
    await waitFor(async () => (await fetch(victim.healthUrl).catch(() => null))?.status === 200, { what: `${victim.name} ready again`, timeoutMs: 30_000 });

    const dispatched = async () =>
      Number(((await pg.query(`SELECT count(DISTINCT case_id)::int AS n FROM case_events WHERE case_id = ANY($1::uuid[]) AND type = 'dispatch'`, [ids])).rows[0] as { n: number }).n);
    await waitFor(async () => (await dispatched()) === 20, { what: 'all 20 cases dispatched', timeoutMs: 60_000 });

    // every step once: report, register, file, dispatch — no event twice, whatever ran twice after the kill
    const timelines = (await pg.query(`SELECT case_id, array_agg(type ORDER BY seq) AS types FROM case_events WHERE case_id = ANY($1::uuid[]) GROUP BY case_id`, [ids])).rows as {
      types: string[];
    }[];
    expect(timelines).toHaveLength(20);
    for (const row of timelines) expect(row.types).toEqual(['report', 'register', 'file', 'dispatch']);
    // one dispatch notice per case to its grid worker — written by the relay from the dispatch's outbox row, after the
    // dispatch commits: awaited, then counted
    const noticeRows = async () =>
      (await pg.query(`SELECT case_id, count(*)::int AS n FROM notifications WHERE case_id = ANY($1::uuid[]) AND kind = 'case.dispatched' GROUP BY case_id`, [ids])).rows as { n: number }[];
    await waitFor(async () => (await noticeRows()).length === 20, { what: 'a dispatch notice for each of the 20 cases', timeoutMs: 30_000 });
    const notices = await noticeRows();
    expect(notices).toHaveLength(20);
    expect(notices.every((r) => r.n === 1)).toBe(true);

    // the pipeline settles: the outbox relayed, no job waiting, running or failed
    await waitFor(
      async () => {
        const { n } = (await pg.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0] as { n: number };
        const queues = await api<{ queue: string; waiting: number; active: number; failed: number }[]>('GET', '/api/v1/queues', operator);
        return n === 0 && queues.body.every((q) => q.waiting === 0 && q.active === 0) ? queues.body : null;
      },
      { what: 'the pipeline to settle', timeoutMs: 60_000 },
    ).then((queues) => expect(queues.filter((q) => q.failed > 0)).toEqual([]));
  }, 180_000);
});
