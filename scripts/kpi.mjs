#!/usr/bin/env node
// KPI rollups by hand (docs/kpis.md, "Rollups"), on MIGRATION_DATABASE_URL (or DATABASE_URL):
//   npm run kpi -- rebuild   recompute the rollups from the cases table (after a formula change or a restore)
//   npm run kpi -- check     compare the rollups with a from-scratch computation; exit 1 when they differ
// Needs a build (libs/server/dist).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const command = process.argv[2];
if (command !== 'rebuild' && command !== 'check') {
  console.error('usage: npm run kpi -- rebuild | check');
  process.exit(2);
}
const server = require(path.join(root, 'libs/server/dist/index.js'));
const { DataSource } = require('typeorm');
process.env.LOG_LEVEL ??= 'warn';
const config = server.loadConfig();
const ds = new DataSource(server.dataSourceOptions(config.MIGRATION_DATABASE_URL, 2));
await ds.initialize();
const rollups = new server.KpiRollupsService(ds);
const t0 = Date.now();
try {
  if (command === 'rebuild') {
    const r = await rollups.rebuild();
    console.log(`rebuilt the KPI rollups from ${r.cases} cases: ${r.rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    const r = await rollups.check();
    const ok = r.rowsDiffering === 0 && r.casesStale === 0;
    console.log(`${ok ? '✓' : '✗'} rollup rows differing from a from-scratch computation: ${r.rowsDiffering}; cases changed but not marked for a refresh: ${r.casesStale} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const e of r.examples) console.log(JSON.stringify(e));
    process.exitCode = ok ? 0 : 1;
  }
} finally {
  await ds.destroy();
}
