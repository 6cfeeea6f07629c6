#!/usr/bin/env node
// Fails when the TypeORM entities differ from what the migrations build (style rule 8): run the migrations on a
// scratch database, then ask TypeORM whether it would generate a new migration.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const base = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const name = `gridops_migcheck_${process.pid}`;
const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
const url = new URL(base);
url.pathname = `/${name}`;
let status = 1;
try {
  const env = { ...process.env, DATABASE_URL: url.toString() };
  const ds = path.join(root, 'libs/server/dist/database/data-source.js');
  const run = spawnSync('npx', ['typeorm', 'migration:run', '-d', ds], { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('migrations failed to run');
  const check = spawnSync('npx', ['typeorm', 'migration:generate', '--check', '-d', ds, 'libs/server/src/database/migrations/Pending'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  status = check.status ?? 1;
  console.log(status === 0 ? 'migrations match the entities' : 'the entities changed: generate and commit a migration');
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
process.exit(status);
