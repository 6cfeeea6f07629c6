#!/usr/bin/env node
// Sustained intake over HTTP: POST /api/v1/reports against the real, built api (a child process), measured with
// autocannon, next to a raw baseline (bare Fastify + pg, two inserts in one transaction). See bench/README.md.
//
//   node bench/intake.mjs [seconds=60] [--connections 50] [--warmup 5] [--modes api,baseline,api+worker] [--profile]
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  BENCH_REPORT,
  DATABASE_URL,
  REDIS_PREFIX,
  ROOT,
  arg,
  benchPool,
  cleanRedisPrefix,
  cpuBetween,
  cpuSnapshot,
  dropBenchDb,
  flag,
  freePort,
  freshBenchDb,
  installCleanup,
  log,
  login,
  machineInfo,
  resultsPath,
  sleep,
  startApi,
  startWaitSampler,
  waitForQuiet,
  startChild,
  startWorker,
  stopAllChildren,
  unexpectedExits,
} from './lib/common.mjs';
import { summarizeProfile } from './lib/cpuprofile-summary.mjs';

const DURATION = Number(arg('duration', undefined, 0) ?? 60);
const CONNECTIONS = Number(arg('connections', 50));
const WARMUP = Number(arg('warmup', 5));
const MODES = String(arg('modes', 'api,baseline,api+worker')).split(',');
const PROFILE = flag('profile');
const KEEP_DB = flag('keep-db');
const COUNT_QUERIES = flag('count-queries');
if (!(DURATION > 0 && DURATION <= 3600)) throw new Error('duration: 1..3600 seconds');
if (!(CONNECTIONS > 0 && CONNECTIONS <= 1000)) throw new Error('connections: 1..1000');

/** The report every request sends (only the Idempotency-Key changes). */
const BODY = JSON.stringify(BENCH_REPORT);

installCleanup(async () => {
  await cleanRedisPrefix().catch(() => undefined);
  if (!KEEP_DB) await dropBenchDb().catch(() => undefined);
});

/** autocannon with a unique Idempotency-Key per request; a `warm-up` run first whose figures are thrown away. */
async function hammer(url, token, seconds, label) {
  const runId = randomBytes(4).toString('hex');
  let n = 0;
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const statuses = {};
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/reports',
        headers,
        body: BODY,
        setupRequest: (req) => {
          req.headers = { ...req.headers, 'idempotency-key': `bench-${label}-${runId}-${++n}` };
          return req;
        },
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { result, statuses, sent: n };
}

function figures(r, statuses) {
  const ok = r['2xx'];
  return {
    durationS: r.duration,
    requests: r.requests.total,
    okPerSec: Math.round((ok / r.duration) * 10) / 10,
    reqPerSecAvg: r.requests.average,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: r.latency.mean },
    ok2xx: ok,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statuses,
  };
}

async function createScratchTables() {
  const p = benchPool(1);
  await p.query(`
    CREATE TABLE IF NOT EXISTS bench_cases (
      id uuid PRIMARY KEY, source varchar(20) NOT NULL, category_code varchar(10) NOT NULL, description varchar(2000) NOT NULL,
      lat double precision NOT NULL, lng double precision NOT NULL, state varchar(24) NOT NULL, idempotency_key varchar(128),
      reported_at timestamptz NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE IF NOT EXISTS bench_events (
      seq bigserial PRIMARY KEY, case_id uuid NOT NULL, type varchar(24) NOT NULL, payload jsonb NOT NULL DEFAULT '{}',
      at timestamptz NOT NULL);
    CREATE INDEX IF NOT EXISTS idx_bench_events_case ON bench_events (case_id, seq);`);
  await p.end();
}

async function backlog() {
  const p = benchPool(1);
  try {
    const [{ cases }] = (await p.query(`SELECT count(*)::int AS cases FROM cases`)).rows;
    const [{ unpublished }] = (await p.query(`SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL`)).rows;
    const [{ intaken }] = (await p.query(`SELECT count(DISTINCT case_id)::int AS intaken FROM case_events WHERE type = 'comment' OR type = 'register'`)).rows;
    return { cases, unpublishedOutbox: unpublished, casesTouchedByWorker: intaken };
  } finally {
    await p.end();
  }
}

async function runMode(mode) {
  log(`── ${mode}: fresh database, ${WARMUP}s warm-up, ${DURATION}s measured, ${CONNECTIONS} connections`);
  await freshBenchDb();
  const roles = { [process.pid]: 'bench (autocannon)' };
  let url;
  let token = null;
  let profileFile = null;
  let queryCountFile = null;
  let server;
  if (mode === 'baseline') {
    await createScratchTables();
    const port = await freePort();
    server = startChild('baseline', 'bench/lib/baseline-server.mjs', { PORT: String(port), DATABASE_URL }, { root: ROOT });
    url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !/baseline ready/.test(server.output()); i++) await sleep(100);
    if (!/baseline ready/.test(server.output())) throw new Error(`baseline did not start:\n${server.output()}`);
    roles[server.pid] = 'baseline server';
  } else {
    const nodeArgs = [];
    const env = {};
    if (PROFILE && mode === 'api') {
      profileFile = path.join(ROOT, 'bench/results', `intake-api-${Date.now()}.cpuprofile`);
      nodeArgs.push('--require', path.join(ROOT, 'bench/lib/cpu-profile-preload.cjs'));
      env.BENCH_CPU_PROFILE = profileFile;
    }
    if (COUNT_QUERIES && mode === 'api') {
      queryCountFile = path.join(ROOT, 'bench/results', `intake-api-queries-${Date.now()}.json`);
      nodeArgs.push('--require', path.join(ROOT, 'bench/lib/count-queries-preload.cjs'));
      env.BENCH_QUERY_COUNT = queryCountFile;
    }
    server = await startApi(env, { nodeArgs });
    roles[server.pid] = 'api';
    url = server.url;
    token = await login(url, 'operator');
    if (mode === 'api+worker') {
      const worker = await startWorker({ GRIDOPS_DUPLICATE_RADIUS_M: process.env.GRIDOPS_DUPLICATE_RADIUS_M ?? '50' });
      roles[worker.pid] = 'worker';
    }
  }
  const quiet = await waitForQuiet(Object.keys(roles).map(Number));
  log(`machine before the run: ${quiet.quiet ? 'quiet' : 'BUSY'} (other processes ${quiet.foreignCores} cores, waited ${quiet.waitedS}s)`);
  await hammer(url, token, WARMUP, `${mode}-warm`);
  if (profileFile || queryCountFile) server.proc.kill('SIGPWR');
  await sleep(500);
  const observer = benchPool(1);
  const stopWaits = mode === 'baseline' ? null : startWaitSampler(observer);
  const before = cpuSnapshot();
  const { result, statuses } = await hammer(url, token, DURATION, mode);
  const after = cpuSnapshot();
  const dbWaits = stopWaits ? await stopWaits() : undefined;
  await observer.end();
  const cpu = cpuBetween(before, after, roles);
  let profile = null;
  if (profileFile) {
    server.proc.kill('SIGWINCH');
    for (let i = 0; i < 100 && !/cpu profile written/.test(server.output()); i++) await sleep(100);
    profile = summarizeProfile(profileFile, 30);
  }
  let queries;
  if (queryCountFile) {
    server.proc.kill('SIGWINCH');
    for (let i = 0; i < 100 && !/query count written/.test(server.output()); i++) await sleep(100);
    const tally = JSON.parse(readFileSync(queryCountFile, 'utf8'));
    const total = tally.reduce((a, [, n]) => a + n, 0);
    const reqs = result.requests.total;
    queries = { file: path.relative(ROOT, queryCountFile), perRequest: Math.round((total / reqs) * 100) / 100, statements: tally.map(([sql, n]) => ({ sql, perRequest: Math.round((n / reqs) * 100) / 100 })) };
  }
  const out = { mode, ...figures(result, statuses), cpu, machineBefore: quiet, dbWaits, profile: profile ? { file: path.relative(ROOT, profileFile), ...profile } : undefined, queries };
  if (mode !== 'baseline') out.afterRun = await backlog();
  await stopAllChildren();
  await cleanRedisPrefix();
  if (dbWaits) log(`  database connections (avg busy ${dbWaits.avgBusyConnections}): ${dbWaits.byWait.slice(0, 5).map((w) => `${w.what} ${w.avgConnections}`).join('; ')}`);
  log(`${mode}: ${out.okPerSec} ok/s, p50 ${out.latencyMs.p50} ms, p99 ${out.latencyMs.p99} ms, non-2xx ${out.non2xx}, errors ${out.errors}; CPU ${JSON.stringify(cpu.coresUsed)}`);
  return out;
}

const machine = machineInfo();
log(`machine: ${machine.nproc} cores (${machine.cpu}), ${machine.memory}, node ${machine.node}, postgres ${machine.postgres}, redis ${machine.redis}`);
log(`redis prefix ${REDIS_PREFIX}; load generator and servers share the machine`);
const runs = [];
for (const mode of MODES) runs.push(await runMode(mode));

const api = runs.find((r) => r.mode === 'api');
const base = runs.find((r) => r.mode === 'baseline');
const summary = { ratioIntakeToBaseline: api && base ? Math.round((api.okPerSec / base.okPerSec) * 1000) / 1000 : null, goal: '≥ 0.5' };
const file = resultsPath('intake');
writeFileSync(file, JSON.stringify({ machine, settings: { DURATION, CONNECTIONS, WARMUP, bodyBytes: Buffer.byteLength(BODY) }, runs, summary, unexpectedExits }, null, 2));
if (unexpectedExits.length) console.log(`INVALID RUN: ${unexpectedExits.map((e) => `${e.name} exited (${e.signal ?? e.code})`).join(', ')}`);

console.log('\nmode         reports/s   p50 ms   p99 ms   max ms   non-2xx   errors');
for (const r of runs) {
  console.log(
    `${r.mode.padEnd(12)} ${String(r.okPerSec).padStart(9)} ${String(r.latencyMs.p50).padStart(8)} ${String(r.latencyMs.p99).padStart(8)} ${String(r.latencyMs.max).padStart(8)} ${String(r.non2xx).padStart(9)} ${String(r.errors + r.timeouts).padStart(8)}`,
  );
}
if (summary.ratioIntakeToBaseline !== null) console.log(`intake / baseline = ${summary.ratioIntakeToBaseline} (goal ≥ 0.5: ${summary.ratioIntakeToBaseline >= 0.5 ? 'met' : 'MISSED'})`);
console.log(`results: ${path.relative(ROOT, file)}`);
if (!KEEP_DB) await dropBenchDb();
process.exit(0);
