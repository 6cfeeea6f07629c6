#!/usr/bin/env node
// What the demo's month of history costs `npm start` on a fresh database (docs/simulator.md "The month before"):
// `prepareDatabase` of a new demo database with DEMO_HISTORY_DAYS=0 (the baseline: migrate, seed the town and the
// demo users) and with the month (the same plus the history and the rollups' rebuild), alternated `--rounds` times
// on the bench database (BENCH_DB), at the simulator's default rates. Writes bench/results/demo-history-*.json.
//
//   node bench/demo-history.mjs [--rounds 3] [--days 28]
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { APP_ROOT, DATABASE_URL, arg, dropBenchDb, log, machineInfo, resultsPath, summarize } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const server = require(path.join(APP_ROOT, 'libs/server/dist/index.js'));
const rounds = Number(arg('rounds', 3));
const days = Number(arg('days', 28));
process.env.LOG_LEVEL ??= 'warn';

const results = { machine: machineInfo(), days, rounds, baselineMs: [], historyMs: [], seedMs: [], cases: null, events: null, load: [] };
for (let i = 0; i < rounds; i++) {
  for (const withHistory of [false, true]) {
    await dropBenchDb();
    const load = (await import('node:os')).loadavg()[0];
    const t0 = Date.now();
    const r = await server.prepareDatabase(DATABASE_URL, { demo: true, appDatabaseUrl: DATABASE_URL, demoHistory: { days: withHistory ? days : 0 } });
    const ms = Date.now() - t0;
    results.load.push(Math.round(load * 10) / 10);
    if (withHistory) {
      results.historyMs.push(ms);
      results.seedMs.push(r.demoHistory.ms);
      results.cases = r.demoHistory.cases;
      results.events = r.demoHistory.events;
    } else results.baselineMs.push(ms);
    log(`round ${i + 1} ${withHistory ? `with ${days} days: ${r.demoHistory.cases} cases, seeding ${r.demoHistory.ms} ms of` : 'baseline (no history):'} ${ms} ms (load ${load.toFixed(1)})`);
  }
}
await dropBenchDb();
results.summary = { baselineMs: summarize(results.baselineMs), historyMs: summarize(results.historyMs), seedMs: summarize(results.seedMs) };
const out = resultsPath('demo-history');
writeFileSync(out, JSON.stringify(results, null, 2));
log(`baseline p50 ${results.summary.baselineMs.p50} ms, with the month p50 ${results.summary.historyMs.p50} ms (seeding p50 ${results.summary.seedMs.p50} ms) → ${path.relative(APP_ROOT, out)}`);
