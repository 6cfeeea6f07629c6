#!/usr/bin/env node
// Board benchmark: the live board (一屏观天下) in Chromium with 5,000 open cases — first render of the map with every
// pin, and the time to take in a burst of 100 live updates. Results: docs/benchmarks.md "Board", raw JSON in
// bench/results/board-render-*.json.
//
//   node bench/board-render.mjs [--cases 5000] [--loads 5] [--bursts 3] [--burst 100] [--profile] [--screenshot FILE.png]
//                               [--keep-db] [--quiet-wait 120]
//
// --profile records a V8 CPU profile of the page during the bursts and reports the functions with the most self
// time (where the board's main thread goes).
//
// Prerequisites: `npx nx run-many -t build` (api, worker, console: the api serves apps/console/dist), Postgres and
// Redis on 127.0.0.1, /usr/bin/chromium (or CHROMIUM=path).
//
// Seeding (own database BENCH_DB, default gridops_bench_board: created, migrated, demo-seeded; dropped at the end):
//   1. the real api (no worker, so nothing moves on its own) takes N reports through POST /api/v1/reports, spread
//      over the 16 grid cells and 8 categories (12345 hotline, as `operator`);
//   2. one SQL UPDATE then spreads them over realistic states, which intake alone cannot do without the pipeline:
//      10% stay REPORTED (grey, no clock), 90% become IN_PROGRESS with a running clock — 70% green, 20% yellow
//      (past 80%), 10% red (overdue) — and reported_at is moved back 1 h – 10 d so only new pins pulse. The case
//      timeline is not touched: this database exists for the measurement only.
//
// Measured in the page (the board records `window.__gridopsBoard` and performance marks, see
// apps/console/src/features/board/board-metrics.ts):
//   - first render: navigation start → the first ECharts frame holding all N pins (mark `board:map-first-render`),
//     with the open-map request's own time and size; `--loads` reloads of /board, the first one with a cold cache;
//   - a burst: the bench sends 100 API calls at once — 40 new reports (pins added), 30 `register` (pins updated),
//     30 `void` (pins removed) — each one live event to the board. Reported: from the first event reaching the
//     page to the frame that shows the last one; per flush (the board applies events at most 4×/s) the patch time
//     and patch → frame time; long tasks (> 50 ms) and the longest gap between animation frames during the burst.
// Chromium runs headless with software rendering (--disable-gpu), viewport 1920×1080, as a wall PC without a GPU
// would; figures on a real wall PC with a GPU are lower.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

process.env.BENCH_DB ??= 'gridops_bench_board';
const common = await import('./lib/common.mjs');
const { arg, flag, log, sleep, freshBenchDb, dropBenchDb, benchPool, startApi, installCleanup, stopAllChildren, cleanRedisPrefix, machineInfo, resultsPath, summarize, waitForQuiet, login, ROOT } = common;

const N = Number(arg('cases', 5000));
const LOADS = Number(arg('loads', 5));
const BURSTS = Number(arg('bursts', 3));
const BURST = Number(arg('burst', 100));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CATEGORIES = ['E0102', 'E0104', 'E0505', 'E0506', 'E0201', 'C0118', 'E0507', 'C0305'];

const { chromium } = await import('playwright-core');

installCleanup(async () => {
  if (!flag('keep-db')) await dropBenchDb();
  await cleanRedisPrefix();
});

function sh(cmd) {
  return spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout.trim();
}

/** A point inside a grid cell: bilinear blend of its four corners (the cells are convex quadrilaterals). */
function pointIn(cell, u, v) {
  const ring = cell.geometry.type === 'Polygon' ? cell.geometry.coordinates[0] : cell.geometry.coordinates[0][0];
  const [a, b, c, d] = ring; // SW, SE, NE, NW for the seed lattice; any convex quad works
  const lng = (1 - u) * (1 - v) * a[0] + u * (1 - v) * b[0] + u * v * c[0] + (1 - u) * v * d[0];
  const lat = (1 - u) * (1 - v) * a[1] + u * (1 - v) * b[1] + u * v * c[1] + (1 - u) * v * d[1];
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
}

/** A deterministic pseudo-random sequence, so every run seeds the same town. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function post(url, token, body, key) {
  const res = await fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`report ${res.status}: ${await res.text()}`);
}

async function act(url, token, id, action, body) {
  const res = await fetch(`${url}/api/v1/cases/${id}/actions/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${action} ${res.status}: ${await res.text()}`);
}

function reportBody(cells, r, i, tag) {
  const cell = cells[i % cells.length];
  return {
    source: 'hotline_12345',
    categoryCode: CATEGORIES[i % CATEGORIES.length],
    description: `bench ${tag} ${i}`,
    location: pointIn(cell, 0.08 + r() * 0.84, 0.08 + r() * 0.84),
  };
}

async function seed(url, token, cells) {
  const r = rng(42);
  const bodies = Array.from({ length: N }, (_, i) => reportBody(cells, r, i, 'seed'));
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      while (next < bodies.length) {
        const i = next++;
        await post(url, token, bodies[i], `bench-board-seed-${i}`);
        if (i % 1000 === 999) log(`  ${i + 1} reports`);
      }
    }),
  );
  log(`seeded ${N} reports through the api in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const pool = benchPool(1);
  try {
    await pool.query(`
      WITH b AS (SELECT id, row_number() OVER (ORDER BY number) % 10 AS k, row_number() OVER (ORDER BY number) AS n FROM cases)
      UPDATE cases c SET
        reported_at = now() - (interval '1 hour' + (b.n % 997) * interval '14 minutes'),
        state = CASE WHEN b.k = 9 THEN c.state ELSE 'IN_PROGRESS' END,
        clock_due_at = CASE WHEN b.k = 9 THEN NULL WHEN b.k = 0 THEN now() - interval '2 hours' WHEN b.k IN (1, 2) THEN now() + interval '40 minutes' ELSE now() + interval '3 days' END,
        clock_yellow_at = CASE WHEN b.k = 9 THEN NULL WHEN b.k = 0 THEN now() - interval '4 hours' WHEN b.k IN (1, 2) THEN now() - interval '20 minutes' ELSE now() + interval '2 days' END,
        handling_due_at = CASE WHEN b.k = 9 THEN NULL WHEN b.k = 0 THEN now() - interval '2 hours' WHEN b.k IN (1, 2) THEN now() + interval '40 minutes' ELSE now() + interval '3 days' END
      FROM b WHERE b.id = c.id`);
    const { rows } = await pool.query(`SELECT state, count(*)::int AS n FROM cases GROUP BY state ORDER BY state`);
    log('states after the spread:', rows.map((x) => `${x.state} ${x.n}`).join(', '));
  } finally {
    await pool.end();
  }
}

/** Self time per function (name · file:line) of a V8 CPU profile, the top 25, idle and GC apart. */
function topSelfTime(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} · ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([fn, ms]) => ({ fn, ms: Math.round(ms), pct: Math.round((ms / total) * 1000) / 10 }));
}

/** Installs the burst probes in the page: long tasks and the longest gap between animation frames. */
const PROBE = () => {
  const w = window;
  w.__bench?.observer?.disconnect();
  w.__bench = { longTasks: [], maxFrameGap: 0, frames: 0, running: true, observer: null };
  try {
    w.__bench.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.longTasks.push({ start: e.startTime, ms: e.duration });
    });
    w.__bench.observer.observe({ type: 'longtask', buffered: false });
  } catch {
    /* no long task API */
  }
  let last = performance.now();
  const tick = (t) => {
    if (!w.__bench.running) return;
    w.__bench.maxFrameGap = Math.max(w.__bench.maxFrameGap, t - last);
    w.__bench.frames++;
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function firstRender(page, url) {
  await page.goto(`${url}/board`);
  await page.waitForFunction((n) => window.__gridopsBoard?.firstRender && window.__gridopsBoard.pins >= n, N, { timeout: 120_000, polling: 50 });
  return page.evaluate(() => {
    const m = window.__gridopsBoard;
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const res = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/cases/open-map'));
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      pins: m.firstRender.pins,
      firstRenderMs: m.firstRender.at,
      openMapLoadedMs: mark('board:open-map-loaded'),
      openMapRequest: res ? { startMs: res.startTime, durationMs: res.duration, transferBytes: res.transferSize, bodyBytes: res.decodedBodySize } : null,
      domContentLoadedMs: nav?.domContentLoadedEventEnd ?? null,
    };
  });
}

async function burst(page, url, token, cells, pool, round) {
  const { rows } = await pool.query(`SELECT id, version FROM cases WHERE state = 'REPORTED' ORDER BY number LIMIT $1`, [BURST]);
  const adds = Math.round(BURST * 0.4);
  const updates = Math.round(BURST * 0.3);
  const removes = BURST - adds - updates;
  if (rows.length < updates + removes) throw new Error('not enough REPORTED cases left for a burst');
  await page.evaluate(PROBE);
  await sleep(1000);
  const before = await page.evaluate(() => ({ received: window.__gridopsBoard.eventsReceived, flushes: window.__gridopsBoard.flushes.length }));
  const r = rng(1000 + round);
  const t0 = Date.now();
  await Promise.all([
    ...Array.from({ length: adds }, (_, i) => post(url, token, reportBody(cells, r, i, `burst${round}`), `bench-board-burst-${round}-${i}`)),
    ...rows.slice(0, updates).map((c) => act(url, token, c.id, 'register', { version: c.version })),
    ...rows.slice(updates, updates + removes).map((c) => act(url, token, c.id, 'void', { version: c.version, reasonCode: 'invalid', note: 'bench' })),
  ]);
  const apiMs = Date.now() - t0;
  await page.waitForFunction(
    ({ want }) => window.__gridopsBoard.eventsReceived >= want && window.__gridopsBoard.flushes.every((f) => f.renderedAt !== null),
    { want: before.received + BURST },
    { timeout: 60_000, polling: 50 },
  );
  await sleep(500);
  return page.evaluate(
    ({ from, apiMs }) => {
      const w = window;
      w.__bench.running = false;
      const flushes = w.__gridopsBoard.flushes.slice(from);
      const first = Math.min(...flushes.map((f) => f.receivedAt));
      const lastEvent = Math.max(...flushes.map((f) => f.lastReceivedAt));
      const last = Math.max(...flushes.map((f) => f.renderedAt));
      return {
        apiMs,
        events: flushes.reduce((s, f) => s + f.events, 0),
        flushes: flushes.map((f) => ({ events: f.events, patchMs: Math.round(f.patchMs * 100) / 100, toFrameMs: Math.round((f.renderedAt - f.at) * 10) / 10 })),
        eventsArrivedOverMs: Math.round((lastEvent - first) * 10) / 10,
        firstEventToLastFrameMs: Math.round((last - first) * 10) / 10,
        lastEventToLastFrameMs: Math.round((last - lastEvent) * 10) / 10,
        longTasks: w.__bench.longTasks.filter((t) => t.start >= first - 50),
        maxFrameGapMs: Math.round(w.__bench.maxFrameGap * 10) / 10,
        pinsAfter: w.__gridopsBoard.pins,
      };
    },
    { from: before.flushes, apiMs },
  );
}

async function main() {
  const machine = { ...machineInfo(), uptimeBefore: sh('uptime') };
  log(`fresh database ${process.env.BENCH_DB}`);
  await freshBenchDb();
  const api = await startApi({ ACCESS_TOKEN_TTL_SECONDS: '7200' });
  log(`api on ${api.url}`);
  const token = await login(api.url, 'operator');
  const cells = await (await fetch(`${api.url}/api/v1/grid-cells`, { headers: { authorization: `Bearer ${token}` } })).json();
  await seed(api.url, token, cells);

  const quiet = await waitForQuiet([api.pid]);
  log(`machine ${quiet.quiet ? 'quiet' : 'NOT quiet'} (foreign CPU ${quiet.foreignCores} cores)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${api.url}/login`);
    await page.getByTestId('login-username').fill('operator');
    await page.getByTestId('login-password').fill('gridops-demo');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20_000 });

    const loads = [];
    for (let i = 0; i < LOADS; i++) {
      const r = await firstRender(page, api.url);
      loads.push({ cache: i === 0 ? 'cold' : 'warm', ...r });
      log(`load ${i + 1}: ${r.pins} pins, first render at ${r.firstRenderMs.toFixed(0)} ms (open-map ${r.openMapRequest?.durationMs?.toFixed(0)} ms, ${r.openMapRequest?.bodyBytes} B)`);
      await sleep(1500);
    }
    await sleep(3000);
    const bursts = [];
    const pool = benchPool(1);
    const cdp = flag('profile') ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    let profileTop = null;
    try {
      for (let i = 0; i < BURSTS; i++) {
        const b = await burst(page, api.url, token, cells, pool, i);
        bursts.push(b);
        log(`burst ${i + 1}: ${b.events} events arriving over ${b.eventsArrivedOverMs} ms in ${b.flushes.length} flushes, first event → last frame ${b.firstEventToLastFrameMs} ms, last event → its frame ${b.lastEventToLastFrameMs} ms, max patch ${Math.max(...b.flushes.map((f) => f.patchMs))} ms, max frame gap ${b.maxFrameGapMs} ms, long tasks ${b.longTasks.length}`);
        await sleep(3000);
      }
      if (cdp) profileTop = topSelfTime((await cdp.send('Profiler.stop')).profile);
    } finally {
      await pool.end();
    }
    if (arg('screenshot')) await page.screenshot({ path: path.resolve(arg('screenshot')) });

    const warm = loads.filter((l) => l.cache === 'warm');
    const result = {
      machine: { ...machine, uptimeAfter: sh('uptime') },
      quiet,
      cases: N,
      loads,
      firstRenderWarm: summarize(warm.map((l) => l.firstRenderMs)),
      openMapRequestWarm: summarize(warm.map((l) => l.openMapRequest?.durationMs ?? 0)),
      bursts,
      burstFirstEventToLastFrame: summarize(bursts.map((b) => b.firstEventToLastFrameMs)),
      burstLastEventToLastFrame: summarize(bursts.map((b) => b.lastEventToLastFrameMs)),
      flushPatch: summarize(bursts.flatMap((b) => b.flushes.map((f) => f.patchMs))),
      flushToFrame: summarize(bursts.flatMap((b) => b.flushes.map((f) => f.toFrameMs))),
      profileTop,
      pageErrors: errors,
    };
    const file = resultsPath('board-render');
    writeFileSync(file, JSON.stringify(result, null, 2));
    log(`results: ${path.relative(ROOT, file)}`);
    console.log(JSON.stringify({ firstRenderWarm: result.firstRenderWarm, cold: loads[0]?.firstRenderMs, burst: result.burstFirstEventToLastFrame, burstTail: result.burstLastEventToLastFrame, flushPatch: result.flushPatch, flushToFrame: result.flushToFrame, errors: errors.length }, null, 2));
  } finally {
    await browser.close();
    await stopAllChildren();
    if (!flag('keep-db')) await dropBenchDb();
    await cleanRedisPrefix();
  }
}

await main();
