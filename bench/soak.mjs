#!/usr/bin/env node
// Soak with faults (issue #16 part 5; not in CI). The 2 + 2 topology of scripts/topology.mjs (migrate once, 2 api + 2
// workers behind nginx, the demo simulator's people acting through the proxy) on a Postgres and a Redis of the soak's
// own — a private cluster (initdb into a temp folder) and a private redis-server — so cutting Postgres and flushing
// Redis never touch the machine's shared servers. For `--minutes` it sends `--rate` reports/s through the proxy while:
//
//   - every `--kill-every` s a random api or worker is SIGKILLed (the topology's restart policy brings it back);
//   - once (at 35 % of the run) Postgres is cut for `--pg-cut` s (immediate stop, then start: crash recovery);
//   - once (at 65 %) Redis is flushed (FLUSHALL) and restarted empty: queues, finished-job ids, pub/sub all gone.
//
// Boards (town and 片区, the console's own live client through the proxy) reconnect, resume and check seq gaps.
// At the end, once the pipeline is quiet, it checks from the database and the sockets: every report answered 201 is
// a case; every case's timeline is a valid path of the state machine; no system step twice; the outbox empty; no job
// failed for good; every board received every event it may see; RSS of each api/worker bounded (< 20 % growth after
// warm-up). Results: bench/results/soak-<date>.json and the summary printed; docs/benchmarks.md, "Soak with faults".
//
//   node bench/soak.mjs [--minutes 10] [--rate 50] [--kill-every 60] [--pg-cut 10] [--port 3140] [--sim-rate 60]
//                       [--no-redis-flush]   (--pg-cut 0: no cut; --kill-every 0: no kills; SOAK_KEEP=1 keeps the logs)
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { startTopology } from '../scripts/topology.mjs';
import { ROOT, arg, log, login, machineInfo, resultsPath, sleep, summarize } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const { rulesFor } = require(path.join(ROOT, 'libs/domain/dist/index.js'));
const { sampleInteriorPoint } = require(path.join(ROOT, 'libs/server/dist/index.js'));
const { createLiveClient } = require(path.join(ROOT, 'libs/live-client/dist/index.js'));

const MINUTES = Number(arg('minutes', 10));
const RATE = Number(arg('rate', 50));
const KILL_EVERY_S = Number(arg('kill-every', 60));
const PG_CUT_S = Number(arg('pg-cut', 10));
const BASE_PORT = Number(arg('port', 3140));
const SIM_RATE = arg('sim-rate', '60');
const RUN_MS = MINUTES * 60_000;
const PG_PORT = BASE_PORT;
const REDIS_PORT = BASE_PORT + 1;
const TOPOLOGY_PORT = BASE_PORT + 2; // nginx, then api-1/2, worker health 1/2, worker metrics 1/2
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const DB = 'gridops_soak';
const WARMUP_S = 90;

// ---- a Postgres cluster and a redis-server of the soak's own ----------------------------------------------------

const work = mkdtempSync(path.join(tmpdir(), 'gridops-soak-'));
const pgData = path.join(work, 'pgdata');
/** initdb and pg_ctl refuse to run as root: run them as the postgres user then */
function asPostgres(cmd, args) {
  const asRoot = process.getuid?.() === 0;
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}
const privatePg = {
  init() {
    if (process.getuid?.() === 0) {
      const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
      chownSync(work, uid, gid);
    }
    asPostgres(path.join(PG_BIN, 'initdb'), ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8']);
  },
  start() {
    asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', pgData, '-l', path.join(work, 'postgres.log'), '-w', '-t', '60', '-o', `-p ${PG_PORT} -k ${work} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start']);
  },
  /** a cut: the server dies at once (no checkpoint), clients lose their connections; start() runs crash recovery */
  kill() {
    asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', pgData, '-m', 'immediate', '-w', 'stop']);
  },
  stop() {
    try {
      asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', pgData, '-m', 'fast', '-w', 'stop']);
    } catch {
      /* not running */
    }
  },
};
const adminUrl = `postgres://postgres@127.0.0.1:${PG_PORT}/${DB}`;
const appUrl = `postgres://gridops_app@127.0.0.1:${PG_PORT}/${DB}`;

let redisProc = null;
const privateRedis = {
  async start() {
    redisProc = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', work, '--loglevel', 'warning'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(REDIS_PORT), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
      await sleep(100);
    }
    throw new Error('the private redis-server did not answer');
  },
  cli: (...args) => spawnSync('redis-cli', ['-p', String(REDIS_PORT), ...args], { encoding: 'utf8' }).stdout.trim(),
  async stop() {
    if (!redisProc || redisProc.exitCode !== null) return;
    const exited = new Promise((r) => redisProc.once('exit', r));
    redisProc.kill('SIGTERM');
    await exited;
  },
};

// ---- cleanup on any exit ---------------------------------------------------------------------------------------

let topology = null;
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await topology?.stop().catch(() => undefined);
  await privateRedis.stop().catch(() => undefined);
  privatePg.stop();
  if (!process.env.SOAK_KEEP) rmSync(work, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().finally(() => process.exit(130)));

// ---- boards: the console's own live client (libs/live-client) through the proxy ----------------------------------

/**
 * A board as the console keeps one: resumes from its last seq after every reconnect, checks seq gaps with a resume,
 * refetches on `resync`. Records every case event its screens were given.
 */
async function board(proxyUrl, name, username, token, scope) {
  // A screen's snapshot as the console keeps one: the open map (its answer carries the seq it was read at) under the
  // cases' query keys, watched so that a `resync` refetches it. Its first seq is where the board starts (events after
  // it are expected); after a `resync` what the refetched snapshot holds (up to its seq) reaches the screens as
  // state, not as events: coveredUpTo
  const queryClient = new QueryClient();
  const b = { name, scope, seqs: new Set(), connects: 0, resyncs: 0, replayed: 0, fromSeq: null, coveredUpTo: 0n };
  const snapshot = new QueryObserver(queryClient, {
    queryKey: ['cases', 'soak-open-map', name],
    queryFn: async () => {
      const r = await fetch(`${proxyUrl}/api/v1/cases/open-map`, { headers: { authorization: `Bearer ${await login(proxyUrl, username)}` } });
      if (!r.ok) throw new Error(`open map ${r.status}`);
      return r.json();
    },
    retry: true,
    retryDelay: 1000,
  });
  snapshot.subscribe((res) => {
    if (res.status !== 'success' || typeof res.data?.seq !== 'string') return;
    const seq = BigInt(res.data.seq);
    if (b.fromSeq === null) b.fromSeq = seq;
    else if (seq > b.coveredUpTo) b.coveredUpTo = seq;
  });
  while (b.fromSeq === null) await sleep(100);
  const live = createLiveClient({
    origin: proxyUrl,
    getToken: ({ fresh }) => (fresh ? login(proxyUrl, username) : token),
    queryClient,
  });
  const take = (m) => {
    b.seqs.add(m.seq);
    if (m.replay) b.replayed++;
  };
  live.on('case.created', take);
  live.on('case.updated', take);
  live.on('resync', () => {
    b.resyncs++;
  });
  live.onState((s) => {
    if (s === 'live') b.connects++;
  });
  b.close = () => live.close();
  b.state = () => live.state;
  // seqs the client still awaits (#16): received late, replayed, or settled as not this board's
  b.awaiting = () => live.missing.length;
  return new Promise((resolve) => {
    const off = live.onState((s) => {
      if (s === 'live') {
        off();
        resolve(b);
      }
    });
  });
}

// ---- the load: reports at a fixed rate, open loop ---------------------------------------------------------------

const DISTRICTS = ['xincheng', 'jinsha', 'nujiang', 'meichuan'];
// seed categories: rubbish and flyers (patrol reports of these are filed and dispatched by the pipeline), illegal
// construction and night-time noise (they wait for the desk and go to a unit)
const CATEGORIES = ['E0102', 'E0201', 'E0101', 'E0301'];

async function main() {
  log(`soak: ${MINUTES} min at ${RATE} reports/s, SIGKILL every ${KILL_EVERY_S} s, Postgres cut ${PG_CUT_S} s, Redis flush ${process.argv.includes('--no-redis-flush') ? 'off' : 'on'}; work dir ${work}`);
  privatePg.init();
  privatePg.start();
  await privateRedis.start();
  const events = [];
  const note = (e) => {
    events.push({ at: new Date().toISOString(), ...e });
    log('event', JSON.stringify(e));
  };
  topology = await startTopology({
    port: TOPOLOGY_PORT,
    simulator: true,
    dir: path.join(work, 'topology'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      DATABASE_URL: appUrl,
      MIGRATION_DATABASE_URL: adminUrl,
      REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
      REDIS_PREFIX: 'soak',
      SIM_RATE,
      SIM_SPEED: '4',
    },
    onEvent: note,
  });
  const proxy = topology.proxyUrl;
  log(`topology ready at ${proxy}; logs in ${topology.dir}`);
  const db = new pg.Pool({ connectionString: adminUrl, max: 3 });
  db.on('error', () => undefined);

  const operator = await login(proxy, 'operator');
  const workers = Object.fromEntries(await Promise.all(DISTRICTS.map(async (d) => [d, await login(proxy, `worker.${d}`)])));

  const boards = await Promise.all([
    board(proxy, 'operator (town)', 'operator', operator, null),
    board(proxy, 'lead (town)', 'lead', await login(proxy, 'lead'), null),
    board(proxy, 'worker.xincheng (片区)', 'worker.xincheng', workers.xincheng, 'xincheng'),
    board(proxy, 'worker.jinsha (片区)', 'worker.jinsha', workers.jinsha, 'jinsha'),
  ]);
  // what the boards are expected to see: every event after this (they are live now; the simulator is already acting)
  await sleep(1000);
  const startSeq = BigInt((await db.query(`SELECT coalesce(max(seq), 0) AS s FROM case_events`)).rows[0].s);

  // RSS of every api and worker process (each incarnation by pid), every 5 s
  const rss = new Map(); // pid → { name, samples: [[tMs, bytes]] }
  const sampleRss = () => {
    for (const [name, svc] of Object.entries(topology.services)) {
      if (!/^(api|worker)-/.test(name) || !svc.pid) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec((() => {
        try {
          return readFileSync(`/proc/${svc.pid}/status`, 'utf8');
        } catch {
          return '';
        }
      })());
      if (!m) continue;
      if (!rss.has(svc.pid)) rss.set(svc.pid, { name, samples: [] });
      rss.get(svc.pid).samples.push([Date.now(), Number(m[1]) * 1024]);
    }
  };
  // failed jobs over time (a flush would erase the evidence at the end)
  let maxFailed = 0;
  const sampleFailed = async () => {
    for (const w of topology.workers) {
      const text = await fetch(w.metricsUrl, { signal: AbortSignal.timeout(3000) }).then((r) => r.text()).catch(() => '');
      const failed = text.split('\n').filter((l) => l.startsWith('gridops_queue_jobs{') && l.includes('state="failed"')).reduce((s, l) => s + Number(l.split(' ').pop()), 0);
      maxFailed = Math.max(maxFailed, failed);
    }
  };

  const accepted = []; // case ids answered 201
  const outcomes = {};
  const latencies = [];
  let inFlight = 0;
  let skipped = 0;
  const t0 = Date.now();
  const send = async (i) => {
    const district = DISTRICTS[i % 4];
    const cell = `${district}-0${(Math.floor(i / 4) % 4) + 1}`;
    const base = sampleInteriorPoint(cell, Math.floor(i / 16) % 5);
    // jitter of up to ~40 m around one of the cell's five interior points: stays inside the cell
    const location = { lat: base.lat + (Math.random() - 0.5) * 0.0007, lng: base.lng + (Math.random() - 0.5) * 0.0007 };
    const patrol = i % 2 === 0;
    const body = {
      source: patrol ? 'patrol' : i % 4 === 1 ? 'hotline_12345' : 'citizen_app',
      categoryCode: CATEGORIES[i % CATEGORIES.length],
      description: `浸泡测试 soak report ${i}`,
      location,
      ...(patrol ? {} : { reporter: { name: '测试', phone: '10000000000' } }),
    };
    const started = performance.now();
    inFlight++;
    try {
      const res = await fetch(`${proxy}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${patrol ? workers[district] : operator}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      outcomes[res.status] = (outcomes[res.status] ?? 0) + 1;
      if (res.status === 201) {
        accepted.push(JSON.parse(text).id);
        latencies.push(performance.now() - started);
      }
    } catch (err) {
      const key = err.name === 'TimeoutError' ? 'timeout' : 'network error';
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    } finally {
      inFlight--;
    }
  };

  // SLA timers are delayed jobs in Redis (80/100/200 % of each deadline): count them beside the open cases whose
  // handling deadline is still ahead, before the flush and at the end — what a flush does to them
  const slaTimers = async (when) => {
    const delayed = Number(privateRedis.cli('ZCARD', 'soak:sla:delayed')) || 0;
    const cases = (await db.query(`SELECT count(*)::int AS n FROM cases WHERE handling_due_at > now() AND state NOT IN ('CLOSED', 'VOID')`).catch(() => ({ rows: [{ n: null }] }))).rows[0].n;
    const row = { when, delayedSlaJobs: delayed, openCasesWithDeadlineAhead: cases };
    note({ type: 'sla-timers', ...row });
    return row;
  };
  const timerCounts = [];

  // the faults, on their schedule
  const services = ['api-1', 'api-2', 'worker-1', 'worker-2'];
  const faults = [];
  if (KILL_EVERY_S > 0) for (let t = KILL_EVERY_S * 1000; t < RUN_MS; t += KILL_EVERY_S * 1000) faults.push({ at: t, kind: 'kill' });
  if (PG_CUT_S > 0) faults.push({ at: Math.round(RUN_MS * 0.35), kind: 'postgres-cut' });
  if (!process.argv.includes('--no-redis-flush')) faults.push({ at: Math.round(RUN_MS * 0.65), kind: 'redis-flush-restart' });
  faults.sort((a, b) => a.at - b.at);
  const runFault = async (f) => {
    if (f.kind === 'kill') {
      const victim = services[Math.floor(Math.random() * services.length)];
      note({ type: 'fault', kind: 'SIGKILL', name: victim, pid: topology.services[victim].pid });
      topology.services[victim].kill('SIGKILL');
    } else if (f.kind === 'postgres-cut') {
      note({ type: 'fault', kind: 'postgres down' });
      privatePg.kill();
      await sleep(PG_CUT_S * 1000);
      privatePg.start();
      note({ type: 'fault', kind: 'postgres back' });
    } else {
      timerCounts.push(await slaTimers('before the Redis flush'));
      note({ type: 'fault', kind: 'redis FLUSHALL + restart', keysBefore: Number(privateRedis.cli('DBSIZE')) });
      privateRedis.cli('FLUSHALL');
      await privateRedis.stop();
      await privateRedis.start();
      note({ type: 'fault', kind: 'redis back (empty)', keys: Number(privateRedis.cli('DBSIZE')) });
    }
  };

  let i = 0;
  const tick = setInterval(() => {
    // open loop: the reports due by now, whatever the answers are doing (bounded in flight)
    const due = Math.floor(((Date.now() - t0) / 1000) * RATE);
    while (i < due) {
      if (inFlight > 500) skipped++;
      else void send(i);
      i++;
    }
  }, 20);
  const sampler = setInterval(() => {
    sampleRss();
    void sampleFailed();
  }, 5000);
  const progress = setInterval(() => log(`t=${Math.round((Date.now() - t0) / 1000)} s sent ${i} · 201 ${accepted.length} · ${JSON.stringify(outcomes)} · in flight ${inFlight}`), 30_000);
  for (const f of faults) {
    const wait = t0 + f.at - Date.now();
    if (wait > 0) await sleep(wait);
    await runFault(f);
  }
  await sleep(Math.max(0, t0 + RUN_MS - Date.now()));
  clearInterval(tick);
  clearInterval(progress);
  log(`load stopped: ${i} sent, waiting for answers in flight (${inFlight})`);
  while (inFlight > 0) await sleep(200);

  // ---- quiet: the outbox relayed, queues idle (the simulator keeps acting: stop it first) ----
  await topology.services.simulator?.stop();
  const quietStart = Date.now();
  let backlog = null;
  for (;;) {
    backlog = (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n;
    const q = await fetch(`${proxy}/api/v1/queues`, { headers: { authorization: `Bearer ${operator}` } }).then((r) => r.json()).catch(() => null);
    const busy = Array.isArray(q) ? q.reduce((s, x) => s + x.waiting + x.active, 0) : -1;
    if (backlog === 0 && busy === 0) break;
    if (Date.now() - quietStart > 180_000) break;
    await sleep(1000);
  }
  const quietS = (Date.now() - quietStart) / 1000;
  // boards that were turned away while Postgres was down back off (up to 30 s) before they come back and resume
  const boardsBack = Date.now();
  while (boards.some((b) => b.state() !== 'live') && Date.now() - boardsBack < 90_000) await sleep(500);
  await sleep(5000); // last broadcasts in flight, and the boards' gap checks (a resume 1 s after a gap)
  // gap checks slow down (up to 30 s apart) while a long transaction holds the commit horizon: let them finish
  const gapsBack = Date.now();
  while (boards.some((b) => b.awaiting() > 0) && Date.now() - gapsBack < 60_000) await sleep(500);
  clearInterval(sampler);
  sampleRss();
  await sampleFailed();
  timerCounts.push(await slaTimers('at the end'));
  const queues = await fetch(`${proxy}/api/v1/queues`, { headers: { authorization: `Bearer ${operator}` } }).then((r) => r.json()).catch(() => []);

  // ---- checks --------------------------------------------------------------------------------------------------
  const checks = {};
  const found = (await db.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[])`, [accepted])).rows[0].n;
  checks.everyAcceptedReportIsACase = { accepted: accepted.length, found, ok: found === accepted.length };

  const rows = (
    await db.query(
      `SELECT e.case_id, e.seq::text AS seq, e.type, e.from_state, e.to_state, e.actor_role, c.state AS case_state
         FROM case_events e JOIN cases c ON c.id = e.case_id
        WHERE e.case_id IN (SELECT DISTINCT case_id FROM case_events WHERE seq > $1)
        ORDER BY e.case_id, e.seq`,
      [startSeq.toString()],
    )
  ).rows;
  const byCase = new Map();
  for (const r of rows) (byCase.get(r.case_id) ?? byCase.set(r.case_id, []).get(r.case_id)).push(r);
  const badPaths = [];
  const twice = [];
  for (const [id, evs] of byCase) {
    let state = null;
    const systemSteps = new Set();
    for (const [k, e] of evs.entries()) {
      let ok;
      if (k === 0) ok = e.type === 'report' && e.from_state === null && e.to_state === 'REPORTED';
      else ok = e.from_state === state && rulesFor(e.type).some((r) => r.from.includes(e.from_state) && r.roles.includes(e.actor_role));
      if (!ok) {
        badPaths.push({ case: id, at: k, event: e });
        break;
      }
      // a system step twice from the same stay in a state is a job run twice; the same step after the case left the
      // state and came back (a failed check's rework is handled and sent for check again) is a new step
      if (e.from_state !== e.to_state) systemSteps.clear();
      state = e.to_state;
      if (e.actor_role === 'system' && e.type !== 'comment') {
        const key = `${e.type}:${e.from_state}`;
        if (systemSteps.has(key)) twice.push({ case: id, step: key, seq: e.seq });
        systemSteps.add(key);
      }
    }
    if (state !== evs[evs.length - 1].case_state) badPaths.push({ case: id, problem: 'case state is not its last event', state, caseState: evs[evs.length - 1].case_state });
  }
  checks.timelinesAreValidPaths = { cases: byCase.size, events: rows.length, bad: badPaths.slice(0, 10), badCount: badPaths.length, ok: badPaths.length === 0 };
  const dupOutbox = (await db.query(`SELECT count(*)::int AS n FROM (SELECT event_seq FROM outbox WHERE event_seq > $1 GROUP BY event_seq HAVING count(*) > 1) d`, [startSeq.toString()])).rows[0].n;
  checks.noEventTwice = { systemStepsTwice: twice.slice(0, 10), systemStepsTwiceCount: twice.length, outboxRowsTwice: dupOutbox, ok: twice.length === 0 && dupOutbox === 0 };
  checks.outboxEmpty = { unrelayed: backlog, quietAfterS: quietS, ok: backlog === 0 };
  const failedNow = Array.isArray(queues) ? queues.reduce((s, q) => s + q.failed, 0) : null;
  checks.noJobFailedForGood = { failedAtEnd: failedNow, maxFailedSeenDuringRun: maxFailed, ok: failedNow === 0 && maxFailed === 0 };

  // boards: every event since it connected that its scope may see
  const visible = (
    await db.query(`SELECT e.seq::text AS seq, c.district_code FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.seq > $1`, [
      boards.reduce((low, b) => (b.fromSeq < low ? b.fromSeq : low), startSeq).toString(),
    ])
  ).rows;
  checks.boardsReceivedEverything = { ok: true, boards: [] };
  for (const b of boards) {
    const expected = visible.filter((e) => BigInt(e.seq) > b.fromSeq && (b.scope === null || e.district_code === b.scope)).map((e) => e.seq);
    // missed before a resync: refetched as state (by design, not a loss); missed otherwise: lost to that board
    const missed = expected.filter((s) => !b.seqs.has(s));
    const refetched = missed.filter((s) => BigInt(s) <= b.coveredUpTo);
    const missing = missed.filter((s) => BigInt(s) > b.coveredUpTo);
    const received = expected.filter((s) => b.seqs.has(s)).length;
    checks.boardsReceivedEverything.boards.push({ board: b.name, state: b.state(), expected: expected.length, received, refetchedAfterResync: refetched.length, missing: missing.length, missingSample: missing.slice(0, 5), connects: b.connects, replayed: b.replayed, resyncs: b.resyncs });
    if (missing.length > 0) checks.boardsReceivedEverything.ok = false;
  }

  // RSS: each incarnation that lived past warm-up + 3 min, growth from its warm-up value to its last
  const rssReport = [];
  for (const [pid, { name, samples }] of rss) {
    const first = samples[0][0];
    const afterWarmup = samples.find(([t]) => t - first >= WARMUP_S * 1000);
    const last = samples[samples.length - 1];
    const livedS = (last[0] - first) / 1000;
    const entry = { name, pid, livedS: Math.round(livedS), startMiB: +(samples[0][1] / 2 ** 20).toFixed(1), lastMiB: +(last[1] / 2 ** 20).toFixed(1), maxMiB: +(Math.max(...samples.map((s) => s[1])) / 2 ** 20).toFixed(1) };
    if (afterWarmup && livedS >= WARMUP_S + 180) {
      entry.warmMiB = +(afterWarmup[1] / 2 ** 20).toFixed(1);
      entry.growthAfterWarmup = +((last[1] - afterWarmup[1]) / afterWarmup[1]).toFixed(3);
    }
    rssReport.push(entry);
  }
  const judged = rssReport.filter((r) => r.growthAfterWarmup !== undefined);
  checks.rssBounded = { ok: judged.length > 0 && judged.every((r) => r.growthAfterWarmup < 0.2), judged: judged.length, processes: rssReport };

  // storage, for sizing (docs/deployment.md): bytes per row of the tables that grow with cases, indexes and TOAST included
  const storage = (
    await db.query(
      `SELECT relname AS table, n_live_tup::bigint AS rows, pg_total_relation_size(relid)::bigint AS bytes
         FROM pg_stat_user_tables WHERE relname IN ('cases', 'case_events', 'outbox', 'notifications', 'idempotency_keys')
        ORDER BY bytes DESC`,
    )
  ).rows.map((r) => ({ ...r, bytesPerRow: r.rows > 0 ? Math.round(r.bytes / r.rows) : null }));
  const dbBytes = Number((await db.query(`SELECT pg_database_size(current_database()) AS b`)).rows[0].b);
  const totalCases = Number((await db.query(`SELECT count(*) AS n FROM cases`)).rows[0].n);

  const result = {
    bench: 'soak',
    storage: { databaseBytes: dbBytes, cases: totalCases, tables: storage },
    machine: machineInfo(),
    settings: { minutes: MINUTES, rate: RATE, killEveryS: KILL_EVERY_S, postgresCutS: PG_CUT_S, simRatePerMin: Number(SIM_RATE), boards: boards.length },
    load: { sent: i, skipped, outcomes, accepted: accepted.length, latencyMs201: summarize(latencies) },
    events,
    slaTimers: timerCounts,
    restarts: Object.fromEntries(Object.entries(topology.services).map(([n, s]) => [n, s.restarts])),
    queuesAtEnd: queues,
    checks,
    ok: Object.values(checks).every((c) => c.ok),
  };
  const file = resultsPath('soak');
  writeFileSync(file, JSON.stringify(result, null, 2));
  log(`results: ${file}`);
  for (const [name, c] of Object.entries(checks)) log(`${c.ok ? '✓' : '✗'} ${name}`, JSON.stringify({ ...c, processes: undefined, boards: c.boards?.map((b) => `${b.board}: ${b.received}/${b.expected}, refetched after resync ${b.refetchedAfterResync}, missing ${b.missing}, ${b.connects} connects, ${b.replayed} replayed, ${b.resyncs} resyncs`) }));
  for (const b of boards) b.close();
  await db.end();
  return result.ok;
}

main()
  .then(async (ok) => {
    await cleanup();
    process.exit(ok ? 0 : 1);
  })
  .catch(async (err) => {
    console.error(err);
    await cleanup();
    process.exit(2);
  });
