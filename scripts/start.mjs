#!/usr/bin/env node
// `npm start`: build, create the database if missing, set up the database roles, migrate, seed the town (and demo
// users in demo mode), then run the API (HTTP, one port) and the worker (outbox relay and queue processors), and in
// demo mode the simulator that keeps the town alive (SIM=off to switch it off). PORT, DATABASE_URL, REDIS_URL override
// defaults. Migrations run on MIGRATION_DATABASE_URL (a superuser or the owner role); the api and worker connect with
// DATABASE_URL (the app role) and never see the migration URL.
//
//   --migrate-only            prepare the database and stop (npm run db:migrate); no demo history unless
//   --demo-history            is given too (the demo compose stack's migrate job): a fresh demo database's past month
//   --retire-demo             deactivate the demo users that still have the demo password, revoke the demo API keys
//   --create-admin <username> create an admin, password from ADMIN_PASSWORD (production has no demo admin)
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const retireDemo = process.argv.includes('--retire-demo');
const adminIndex = process.argv.indexOf('--create-admin');
const createAdmin = adminIndex >= 0 ? (process.argv[adminIndex + 1] ?? '') : null;
const migrateOnly = process.argv.includes('--migrate-only') || retireDemo || createAdmin !== null;
const skipBuild = process.argv.includes('--no-build') || process.env.GRIDOPS_SKIP_BUILD === 'true';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!skipBuild) {
  console.log('› building (nx run-many -t build)…');
  run('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static']);
}

const server = require(path.join(root, 'libs/server/dist/index.js'));
// One JSON line per request buries what a newcomer needs to read (logins, keys, the simulator's minute summaries):
// `npm start` logs warnings and errors unless LOG_LEVEL says otherwise (LOG_LEVEL=info npm start for request logs).
process.env.LOG_LEVEL ??= 'warn';
let config;
try {
  config = server.loadConfig();
} catch (err) {
  // production refusals and bad settings: the message says what to set; a stack trace would only hide it
  console.error(`✗ ${err.message}`);
  process.exit(1);
}
const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
const migrationUrl = redact(config.MIGRATION_DATABASE_URL);
console.log(`› preparing database ${migrationUrl}${config.MIGRATION_DATABASE_URL === config.DATABASE_URL ? '' : ` (the api and worker connect as ${redact(config.DATABASE_URL)})`}`);
let prepared;
try {
  prepared = await server.prepareDatabase(config.MIGRATION_DATABASE_URL, {
    demo: config.DEMO,
    appDatabaseUrl: config.DATABASE_URL,
    ownerRole: config.DB_OWNER_ROLE,
    // the month of history: on a plain start, or a migrate job that asks for it (bench and admin runs stay without)
    demoHistory: !migrateOnly || (process.argv.includes('--demo-history') && !retireDemo && createAdmin === null) ? demoHistoryOptions() : undefined,
  });
} catch (err) {
  console.error(`✗ could not prepare the database: ${err.message}\n  Is Postgres running? (MIGRATION_DATABASE_URL=${migrationUrl})`);
  process.exit(1);
}
if (prepared.created) console.log('  created the database');

/** DEMO_HISTORY_DAYS (default 28, 0 = none): the past a fresh demo database starts with (docs/simulator.md). */
function historyDays() {
  const raw = process.env.DEMO_HISTORY_DAYS;
  const days = raw === undefined || raw.trim() === '' ? 28 : Number(raw);
  if (!Number.isInteger(days) || days < 0 || days > 365) {
    console.error(`✗ DEMO_HISTORY_DAYS must be a whole number of days from 0 to 365, got "${raw}"`);
    process.exit(1);
  }
  return days;
}

/** The history stands for the simulator's stream: the same rates (SIM_RATE, SIM_VIDEO_RATE), so live hours look like the past. */
function demoHistoryOptions() {
  if (!config.DEMO) return undefined;
  let sim = null;
  try {
    sim = require(path.join(root, 'apps/simulator/dist/config.js')).loadSimConfig(process.env);
  } catch {
    // no simulator build or bad SIM_* values: the default rates (the simulator reports the bad value itself)
  }
  return { days: historyDays(), ...(sim?.enabled ? { reportsPerMinute: sim.ratePerMinute, videoPerMinute: sim.videoRatePerMinute } : {}) };
}
if (prepared.migrations.length) console.log(`  applied migrations: ${prepared.migrations.join(', ')}`);
if (prepared.demoHistory) {
  const h = prepared.demoHistory;
  console.log(`  seeded the demo town's past ${historyDays()} days: ${h.cases.toLocaleString('en')} cases, ${h.events.toLocaleString('en')} timeline events, KPI rollups rebuilt (${(h.ms / 1000).toFixed(1)} s)`);
}
if (retireDemo || createAdmin !== null) await administer();
if (migrateOnly) process.exit(0);

/** --retire-demo and --create-admin, on the migration connection */
async function administer() {
  const { DataSource } = require('typeorm');
  const ds = new DataSource(server.dataSourceOptions(config.MIGRATION_DATABASE_URL, 2));
  await ds.initialize();
  try {
    if (retireDemo) {
      const retired = await server.retireDemo(ds);
      console.log(`  deactivated ${retired.users.length} demo users${retired.users.length ? ` (${retired.users.join(', ')})` : ''}`);
      console.log(`  revoked ${retired.apiKeys.length} demo API keys${retired.apiKeys.length ? ` (${retired.apiKeys.join(', ')})` : ''}`);
    }
    if (createAdmin !== null) {
      await server.createAdmin(ds, createAdmin, process.env.ADMIN_PASSWORD);
      console.log(`  created the admin ${createAdmin}`);
    }
  } catch (err) {
    console.error(`✗ ${err.message}`);
    process.exit(1);
  } finally {
    await ds.destroy();
  }
}

// the api, worker and simulator get DATABASE_URL only: the migration URL (a superuser's or the owner's) and an admin
// password stay in this process
const childEnv = { ...process.env, DATABASE_URL: config.DATABASE_URL };
delete childEnv.MIGRATION_DATABASE_URL;
delete childEnv.ADMIN_PASSWORD;

const children = [];
let stopping = false;
/** An `optional` child (the demo simulator) may stop on its own without taking the product down with it. */
function start(name, script, { optional = false, env = childEnv } = {}) {
  const child = spawn(process.execPath, [path.join(root, script)], { cwd: root, stdio: 'inherit', env });
  child.on('exit', (code, signal) => {
    if (stopping) {
      // draining: leave once every child has finished its own graceful shutdown (SHUTDOWN_TIMEOUT_MS bounds each)
      if (code !== 0 && !optional) exitCode ||= code ?? 1;
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
      return;
    }
    if (optional) {
      console.error(`${code === 0 ? '›' : '✗'} ${name} stopped (${signal ?? code}); the api and worker keep running`);
      return;
    }
    console.error(`✗ ${name} exited (${signal ?? code}); stopping`);
    shutdown(code ?? 1);
  });
  children.push(child);
}
let exitCode = 0;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  // each child exits by itself within its SHUTDOWN_TIMEOUT_MS; this is only the backstop
  const boundMs = Number(process.env.SHUTDOWN_TIMEOUT_MS || 10_000) + 2000;
  setTimeout(() => process.exit(exitCode || 1), boundMs).unref();
  if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

start('api', 'apps/api/dist/main.js');
start('worker', 'apps/worker/dist/main.js');

const url = `http://localhost:${config.PORT}`;
console.log(`\n  gridops 长征镇 一网统管 — ${url}`);
console.log(`  API ${url}/api/v1 · OpenAPI ${url}/api/docs · health ${url}/health`);
if (prepared.demoLogins.length) {
  console.log('\n  Demo logins (password: gridops-demo)');
  for (const u of prepared.demoLogins) console.log(`    ${u.username.padEnd(18)} ${u.role.padEnd(12)} ${u.districtCode ?? ''}`);
}
if (prepared.demoApiKeys?.length) {
  console.log('\n  Demo API keys (header X-Api-Key; Open311 also takes the api_key field)');
  for (const k of prepared.demoApiKeys) console.log(`    ${k.key.padEnd(18)} ${k.scopes.join(', ')}`);
}
console.log('');

// demo mode: a living town (apps/simulator) reports problems and plays the people who handle them, through the API
if (config.DEMO) await startSimulator();

async function startSimulator() {
  const env = { ...childEnv, SIM_API: process.env.SIM_API ?? `http://127.0.0.1:${config.PORT}` };
  let sim;
  try {
    sim = require(path.join(root, 'apps/simulator/dist/config.js')).loadSimConfig(env);
  } catch (err) {
    console.error(`✗ simulator not started: ${err.code === 'MODULE_NOT_FOUND' ? 'apps/simulator is not built' : err.message}`);
    return;
  }
  if (!sim.enabled) {
    console.log('  simulator off (SIM=off or SIM_RATE=0): the board shows only what you report\n');
    return;
  }
  const ready = await healthy(`http://127.0.0.1:${config.PORT}/health`, 120_000);
  if (stopping) return;
  if (!ready) {
    console.error('✗ simulator not started: the api did not report healthy within 2 minutes');
    return;
  }
  start('simulator', 'apps/simulator/dist/main.js', { optional: true, env });
  console.log(`  › simulator running: ~${sim.ratePerMinute} reports/min across the four 片区, played by the demo users (speed ×${sim.speed})`);
  console.log('    switch it off with  SIM=off npm start  (or SIM_RATE=0); see docs/simulator.md\n');
}

async function healthy(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
