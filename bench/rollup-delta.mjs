#!/usr/bin/env node
// What one KPI rollup delta costs: one case per transaction (what the write transaction would pay per report or
// action) against batches of 200 and 2,000 (what the worker's drain pays), on a grown database (bench/grow.mjs,
// rebuilt rollups). Needs a build (libs/server/dist).
//
//   node bench/rollup-delta.mjs postgres://postgres@127.0.0.1:5432/kpi_1m
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const server = require(path.join(root, 'libs/server/dist/index.js'));
const { DataSource } = require('typeorm');
const url = process.argv[2];
if (!url) {
  console.error('usage: node bench/rollup-delta.mjs <database url>');
  process.exit(2);
}
const ds = new DataSource(server.dataSourceOptions(url, 4));
await ds.initialize();
const rollups = new server.KpiRollupsService(ds);
const ids = (await ds.query(`SELECT id FROM cases WHERE reported_at > now() - interval '20 days' ORDER BY random() LIMIT 2400`)).map((x) => x.id);
const time = async (fn) => {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const single = [];
for (const id of ids.slice(0, 200)) single.push(await time(() => rollups.refresh([id])));
single.sort((a, b) => a - b);
const batch200 = await time(() => rollups.refresh(ids.slice(200, 400)));
const batch2000 = await time(() => rollups.refresh(ids.slice(400, 2400)));
const r = (x) => Math.round(x * 100) / 100;
console.log(
  JSON.stringify({
    loadAverage: os.loadavg().map(r),
    oneCasePerTransaction: { p50: r(single[100]), p95: r(single[190]) },
    batchOf200: { ms: r(batch200), perCase: r(batch200 / 200) },
    batchOf2000: { ms: r(batch2000), perCase: r(batch2000 / 2000) },
  }),
);
await ds.destroy();
