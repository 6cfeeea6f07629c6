// Shared helpers of the benchmarks: the bench database, the built apps as child processes, login, CPU accounting.
// Everything talks to 127.0.0.1 only.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = path.join(ROOT, 'bench/results');
/**
 * Where the built apps are run from: the work tree itself, or a private snapshot made by bench/snapshot.sh (so a run
 * measures one consistent build while others keep rebuilding the shared tree).
 */
export const APP_ROOT = path.resolve(process.env.BENCH_APP_ROOT ?? ROOT);

export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const BENCH_DB = process.env.BENCH_DB ?? 'gridops_bench';
export const DATABASE_URL = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${BENCH_DB}`);
/** one prefix per bench process, so nothing collides with a developer's stack or the tests */
export const REDIS_PREFIX = `gridops_bench_${process.pid}`;

/** The report the intake benches send (intake.mjs, wal-per-report.mjs): 12345 hotline, 暴露垃圾, inside 新城. */
export const BENCH_REPORT = Object.freeze({
  source: 'hotline_12345',
  categoryCode: 'E0102',
  description: '长征镇新城片区路口暴露垃圾，市民来电反映 / exposed rubbish at the crossing, reported by a caller',
  location: { lat: 31.2455, lng: 121.3795 },
  address: '普陀区长征镇 bench 路 1 号',
  reporter: { name: '王先生', phone: '10000009999' },
});

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `--name value` or `--name=value` from argv; else, for `positionalIndex`, a leading positional argument (before any --flag) */
export function arg(name, fallback, positionalIndex) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}` && argv[i + 1] !== undefined) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  if (positionalIndex !== undefined) {
    const firstFlag = argv.findIndex((a) => a.startsWith('--'));
    const positional = firstFlag < 0 ? argv : argv.slice(0, firstFlag);
    if (positional[positionalIndex] !== undefined) return positional[positionalIndex];
  }
  return fallback;
}
export const flag = (name) => process.argv.slice(2).includes(`--${name}`);

export function log(...a) {
  console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
}

// ---- database ---------------------------------------------------------------------------------------------

export async function adminQuery(sql) {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function dropBenchDb() {
  await adminQuery(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
}

/** A fresh bench database, migrated and seeded (town + demo users) by the project's own start script. */
export async function freshBenchDb() {
  await dropBenchDb();
  await adminQuery(`CREATE DATABASE "${BENCH_DB}"`);
  const r = spawnSync(process.execPath, [path.join(APP_ROOT, 'scripts/start.mjs'), '--migrate-only', '--no-build'], {
    cwd: APP_ROOT,
    env: { ...process.env, DATABASE_URL, DEMO: 'true', NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`migrate failed: ${r.stdout}\n${r.stderr}`);
  // an experiment's change to the schema (e.g. a table made UNLOGGED to price its WAL), run before any server starts
  if (process.env.BENCH_SETUP_SQL) {
    const p = benchPool(1);
    await p.query(process.env.BENCH_SETUP_SQL);
    await p.end();
  }
}

export function benchPool(max = 4) {
  const p = new pg.Pool({ connectionString: DATABASE_URL, max, application_name: 'gridops-bench-observer' });
  p.on('error', () => undefined);
  return p;
}

// ---- redis --------------------------------------------------------------------------------------------------

/** Remove this run's BullMQ keys (SCAN, bounded). */
export async function cleanRedisPrefix(prefix = REDIS_PREFIX) {
  const { Redis } = await import('ioredis');
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    let cursor = '0';
    for (let i = 0; i < 100_000; i++) {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await r.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    r.disconnect();
  }
}

// ---- child processes ---------------------------------------------------------------------------------------

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const children = new Set();
/** children that died while the bench still needed them: a run with any is not valid */
export const unexpectedExits = [];

/** A node child process (the built api / worker, or the baseline server), output kept for failure messages. */
export function startChild(name, script, env, { nodeArgs = [], root = APP_ROOT } = {}) {
  const proc = spawn(process.execPath, [...nodeArgs, path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  let stopping = false;
  const exited = new Promise((resolve) => proc.once('exit', () => resolve()));
  proc.once('exit', (code, signal) => {
    if (!stopping) {
      unexpectedExits.push({ name, code, signal, at: new Date().toISOString() });
      console.error(`!! ${name} (pid ${proc.pid}) exited during the run (${signal ?? code}):\n${out.slice(-2000)}`);
    }
  });
  const child = {
    name,
    proc,
    pid: proc.pid,
    output: () => out,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    async stop() {
      stopping = true;
      if (child.alive()) proc.kill('SIGTERM');
      await Promise.race([exited, sleep(8000)]);
      if (child.alive()) proc.kill('SIGKILL');
      await exited;
      children.delete(child);
    },
  };
  children.add(child);
  return child;
}

export async function stopAllChildren() {
  await Promise.all([...children].map((c) => c.stop().catch(() => undefined)));
}

/** Stop children on Ctrl-C / SIGTERM / an uncaught error, so none outlives the bench. */
export function installCleanup(extra = async () => undefined) {
  let cleaning = false;
  const bail = async (code) => {
    if (cleaning) return;
    cleaning = true;
    await stopAllChildren();
    await extra().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void bail(130));
  process.on('SIGTERM', () => void bail(143));
  process.on('uncaughtException', (err) => {
    console.error(err);
    void bail(1);
  });
  process.on('unhandledRejection', (err) => {
    console.error(err);
    void bail(1);
  });
}

async function waitUntil(probe, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function appEnv(extra = {}) {
  return {
    NODE_ENV: 'development',
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    REDIS_URL,
    REDIS_PREFIX,
    // long enough for every run; the tokens never leave this machine
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    // the apps' pool size, when a run wants another than the default (DB_POOL_MAX=20 node bench/…)
    ...(process.env.DB_POOL_MAX ? { DB_POOL_MAX: process.env.DB_POOL_MAX } : {}),
    ...extra,
  };
}

export async function startApi(env = {}, opts = {}) {
  const port = await freePort();
  const child = startChild('api', 'apps/api/dist/main.js', appEnv({ PORT: String(port), HOST: '127.0.0.1', ...env }), opts);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => {
    if (!child.alive()) throw new Error(`api exited:\n${child.output()}`);
    const res = await fetch(`${url}/health`);
    return res.status < 500;
  }, 'the api').catch((err) => {
    throw new Error(`${err.message}\n${child.output()}`);
  });
  return Object.assign(child, { port, url });
}

export async function startWorker(env = {}, opts = {}) {
  const child = startChild('worker', 'apps/worker/dist/main.js', appEnv(env), opts);
  await waitUntil(async () => {
    if (!child.alive()) throw new Error(`worker exited:\n${child.output()}`);
    return /worker ready/.test(child.output());
  }, 'the worker').catch((err) => {
    throw new Error(`${err.message}\n${child.output()}`);
  });
  return child;
}

export async function login(url, username, password = 'gridops-demo') {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

// ---- CPU accounting -------------------------------------------------------------------------------------------

const CLK_TCK = 100; // USER_HZ on Linux

function procTimes(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // fields after comm: state(0) ppid(1) ... utime(11) stime(12)
    return { comm, ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return null;
  }
}

function totalTicks() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  return { all: line.reduce((a, b) => a + b, 0), idle, irq: (line[5] ?? 0) + (line[6] ?? 0), steal: line[7] ?? 0 };
}

/** CPU snapshot of every process, to split a run's CPU between the api, the worker, the bench itself, Postgres and Redis. */
export function cpuSnapshot() {
  const procs = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const t = procTimes(d);
    if (t) procs.set(Number(d), t);
  }
  return { at: performance.now(), procs, total: totalTicks() };
}

/**
 * CPU used between two snapshots, in "cores" (1.0 = one core busy for the whole interval), grouped by role.
 * `roles` maps a pid to a label; other processes are grouped by command name (postgres, redis-server, …).
 */
export function cpuBetween(a, b, roles) {
  const seconds = (b.at - a.at) / 1000;
  const groups = {};
  const others = [];
  for (const [pid, t] of b.procs) {
    const before = a.procs.get(pid);
    const used = t.ticks - (before ? before.ticks : 0); // CPU time survives exec, so a changed comm is the same process
    if (used <= 0) continue;
    let label = roles[pid];
    if (!label) label = /^postgres|^postmaster/.test(t.comm) ? 'postgres' : /redis/.test(t.comm) ? 'redis' : 'other';
    if (label === 'other') others.push({ pid, comm: t.comm, cores: Math.round((used / CLK_TCK / seconds) * 100) / 100 });
    groups[label] = (groups[label] ?? 0) + used / CLK_TCK / seconds;
  }
  const allTicks = b.total.all - a.total.all;
  const busy = allTicks > 0 ? 1 - (b.total.idle - a.total.idle) / allTicks : 0;
  const share = (k) => (allTicks > 0 ? Math.round(((b.total[k] - a.total[k]) / allTicks) * 1000) / 10 : 0);
  const out = {};
  for (const [k, v] of Object.entries(groups).sort((x, y) => y[1] - x[1])) out[k] = Math.round(v * 100) / 100;
  const topOthers = others.sort((x, y) => y.cores - x.cores).slice(0, 5);
  return { seconds: Math.round(seconds * 10) / 10, machineBusyPct: Math.round(busy * 1000) / 10, irqSoftirqPct: share('irq'), stealPct: share('steal'), coresUsed: out, topOthers };
}

// ---- statistics -----------------------------------------------------------------------------------------------

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(values) {
  const s = [...values].sort((a, b) => a - b);
  const r = (x) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    n: s.length,
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    p99: r(percentile(s, 99)),
    max: r(s.length ? s[s.length - 1] : null),
    mean: r(s.length ? s.reduce((a, b) => a + b, 0) / s.length : null),
  };
}

export function resultsPath(name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return path.join(RESULTS_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}Z.json`);
}

export function machineInfo() {
  const sh = (cmd) => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout.trim();
  return {
    appRoot: APP_ROOT,
    sourceFingerprint: sh(`cat "${APP_ROOT}/SOURCE_FINGERPRINT" 2>/dev/null`) || '(work tree)',
    dateUtc: sh('date -u'),
    nproc: sh('nproc'),
    cpu: sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").trim(),
    memory: sh("free -h | awk '/Mem:/ {print $2}'"),
    node: process.version,
    postgres: sh(`psql "${PG_ADMIN_URL}" -tAc 'SHOW server_version' 2>/dev/null`),
    redis: sh("redis-cli -h 127.0.0.1 INFO server 2>/dev/null | grep redis_version | cut -d: -f2").trim(),
  };
}

// ---- where the database time goes ------------------------------------------------------------------------------

/**
 * Sample pg_stat_activity of the bench database every `everyMs` (bounded by maxS) and count, per (state, wait event,
 * statement), how often a server connection of the apps (application_name 'gridops') was seen in it. Idle
 * connections of a pool are left out; "idle in transaction | Client:ClientRead" means Postgres waits for the app.
 */
export function startWaitSampler(pool, { everyMs = 100, maxS = 900 } = {}) {
  const hist = new Map();
  let samples = 0;
  let stopped = false;
  const t0 = Date.now();
  const loop = (async () => {
    while (!stopped && Date.now() - t0 < maxS * 1000) {
      const rows = (
        await pool
          .query(
            `SELECT state, coalesce(wait_event_type, '-') || ':' || coalesce(wait_event, '-') AS w,
                    left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS q
               FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'gridops' AND state <> 'idle'`,
          )
          .catch(() => ({ rows: [] }))
      ).rows;
      samples++;
      for (const r of rows) {
        const k = `${r.state} | ${r.w} | ${r.q}`;
        hist.set(k, (hist.get(k) ?? 0) + 1);
      }
      await sleep(everyMs);
    }
  })();
  return async (top = 15) => {
    stopped = true;
    await loop;
    const total = [...hist.values()].reduce((a, b) => a + b, 0);
    const byWait = new Map();
    for (const [k, v] of hist) {
      const [state, w] = k.split(' | ');
      byWait.set(`${state} | ${w}`, (byWait.get(`${state} | ${w}`) ?? 0) + v);
    }
    return {
      samples,
      avgBusyConnections: samples ? Math.round((total / samples) * 10) / 10 : 0,
      byWait: [...byWait].sort((a, b) => b[1] - a[1]).map(([k, v]) => ({ what: k, avgConnections: Math.round((v / samples) * 100) / 100 })),
      top: [...hist].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => ({ what: k, avgConnections: Math.round((v / samples) * 100) / 100 })),
    };
  };
}

/**
 * Wait (bounded) until processes that are not ours use less than `maxCores` of CPU over 2 s: other people's test
 * runs on this shared machine distort every figure. Returns what was seen, to be reported with the run.
 */
export async function waitForQuiet(ours = [], { maxCores = 0.2, maxWaitS = Number(arg('quiet-wait', 120)) } = {}) {
  const t0 = Date.now();
  let last = null;
  while (Date.now() - t0 < maxWaitS * 1000) {
    const a = cpuSnapshot();
    await sleep(2000);
    const b = cpuSnapshot();
    const roles = Object.fromEntries([process.pid, ...ours].map((p) => [p, 'ours']));
    const c = cpuBetween(a, b, roles);
    // our stack is idle while we wait, so Postgres and Redis work here is other people's too
    const foreign = Object.entries(c.coresUsed).filter(([k]) => k !== 'ours').reduce((s, [, v]) => s + v, 0);
    last = { foreignCores: Math.round(foreign * 100) / 100, waitedS: Math.round((Date.now() - t0) / 1000), topOthers: c.topOthers };
    if (foreign <= maxCores) return { quiet: true, ...last };
  }
  return { quiet: false, ...last };
}
