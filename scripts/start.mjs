#!/usr/bin/env node
// `npm start`: build, create the database if missing, migrate, seed the town (and demo users in demo mode),
// then run the API (HTTP, one port) and the worker (outbox relay and queue processors). PORT, DATABASE_URL, REDIS_URL override defaults.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const migrateOnly = process.argv.includes('--migrate-only');
const skipBuild = process.argv.includes('--no-build') || process.env.GRIDOPS_SKIP_BUILD === 'true';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!skipBuild) {
  console.log('› building (nx run-many -t build)…');
  run('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static']);
}

const { loadConfig, prepareDatabase } = require(path.join(root, 'libs/server/dist/index.js'));
const config = loadConfig();
const redacted = config.DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
console.log(`› preparing database ${redacted}`);
let prepared;
try {
  prepared = await prepareDatabase(config.DATABASE_URL, { demo: config.DEMO });
} catch (err) {
  console.error(`✗ could not prepare the database: ${err.message}\n  Is Postgres running? (DATABASE_URL=${redacted})`);
  process.exit(1);
}
if (prepared.created) console.log('  created the database');
if (prepared.migrations.length) console.log(`  applied migrations: ${prepared.migrations.join(', ')}`);
if (migrateOnly) process.exit(0);

const children = [];
function start(name, script) {
  const child = spawn(process.execPath, [path.join(root, script)], { cwd: root, stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    console.error(`✗ ${name} exited (${signal ?? code}); stopping`);
    shutdown(code ?? 1);
  });
  children.push(child);
}
function shutdown(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
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
console.log('');
