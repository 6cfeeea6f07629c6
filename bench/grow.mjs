#!/usr/bin/env node
// Grows a gridops database to N cases with realistic timelines over the last `days` days, for the stats benchmark
// (bench/stats.mjs).
//
//   node bench/grow.mjs <database> <cases> [--days 730] [--chunk 20000]
//
// The database must be prepared (scripts/start.mjs --migrate-only with DEMO=true: the town, categories, units, grid
// workers) and the build done (libs/server/dist). Cases are written straight into the tables by SQL, chunk by chunk
// (no api: a million reports through HTTP would take hours), spread over the last `days` days with a day/night
// rhythm, then the tables ANALYZEd. What a report is here is drawn at random — sources: patrol 40 %, 12345 25 %,
// citizen app 15 %, IoT 10 %, video 10 %; any active category, any grid cell — and what happened to it afterwards
// is the demo history's (libs/server database/history: case-history-plan.ts for the proportions and the timeline,
// every step one ACTION_RULES allows; case-history-writer.ts for the rows, events and published outbox rows).
// A step whose time has not come yet is not taken: recent cases are open in every state.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const server = require(path.join(root, 'libs/server/dist/index.js'));
const { samplePointIn, townHour } = require(path.join(root, 'libs/domain/dist/index.js'));
const { DataSource } = require('typeorm');

const [database, target] = [process.argv[2], Number(process.argv[3])];
const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
if (!database || !Number.isInteger(target) || target <= 0) {
  console.error('usage: node bench/grow.mjs <database> <cases> [--days 730] [--chunk 20000]');
  process.exit(2);
}
const days = opt('days', 730);
const chunk = opt('chunk', 20_000);
const url = (process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').replace(/\/[^/]*$/, `/${database}`);
process.env.LOG_LEVEL ??= 'warn';
const ds = new DataSource(server.dataSourceOptions(url, 2));
await ds.initialize();
await ds.query(`SET synchronous_commit = off`);

const cast = await server.loadHistoryCast(ds);
const categories = [...cast.categories.keys()];
const cells = server.TOWN_GEOGRAPHY.gridCells;
const SOURCES = [
  [0.4, 'patrol'],
  [0.65, 'hotline_12345'],
  [0.8, 'citizen_app'],
  [0.9, 'iot'],
  [1, 'video_ai'],
];
const now = new Date();

/** One report: a moment in the last `days` days (night hours folded into the day six times in ten), anything anywhere. */
function draw() {
  let at = now.getTime() - days * 86_400_000 * Math.random();
  const hour = townHour(at);
  if ((hour < 7 || hour > 21) && Math.random() < 0.6) at -= 10 * 3_600_000;
  const cell = cells[Math.floor(Math.random() * cells.length)];
  const r = Math.random();
  const source = SOURCES.find(([p]) => r < p)[1];
  const categoryCode = categories[Math.floor(Math.random() * categories.length)];
  return {
    reportedAt: new Date(at),
    source,
    categoryCode,
    districtCode: cell.districtCode,
    gridCellCode: cell.code,
    ...samplePointIn(cell.geometry, Math.random),
    address: `长征镇 ${cell.nameZh}`,
    description: `批量生成的案件 ${cast.names.get(categoryCode) ?? categoryCode}`,
  };
}

const [{ n: existing }] = await ds.query(`SELECT count(*)::int AS n FROM cases`);
console.log(`${database}: ${existing} cases; growing to ${target} over ${days} days, ${chunk} per chunk`);
const t0 = Date.now();
for (let from = existing; from < target; from += chunk) {
  const to = Math.min(target, from + chunk);
  const t = Date.now();
  const planned = Array.from({ length: to - from }, () => server.planCaseHistory(draw(), cast, now, Math.random));
  await ds.transaction((m) => server.writeCaseHistory(m, planned));
  const rate = ((to - existing) / ((Date.now() - t0) / 1000)).toFixed(0);
  console.log(`  ${to} cases (${((Date.now() - t) / 1000).toFixed(1)} s for this chunk, ${rate} cases/s overall)`);
}
console.log('ANALYZE…');
await ds.query('ANALYZE cases');
await ds.query('ANALYZE case_events');
const [{ n: events }] = await ds.query(`SELECT count(*)::bigint AS n FROM case_events`);
const [{ n: cases }] = await ds.query(`SELECT count(*)::bigint AS n FROM cases`);
const [{ size }] = await ds.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
console.log(`${cases} cases, ${events} events, database ${size}, ${((Date.now() - t0) / 1000).toFixed(0)} s — now: npm run kpi -- rebuild (MIGRATION_DATABASE_URL=${url.replace(/\/\/[^@]*@/, '//…@')})`);
await ds.destroy();
