#!/usr/bin/env node
// `npm test`: every jest project (unit, integration on the real Postgres and Redis, and later console), then one
// plain summary line `N passed, N failed` that CI reads. Extra arguments go to jest (e.g. `npm test -- --selectProjects unit`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// the failure tests run the built api and worker as child processes: build first (cached by Nx when unchanged)
const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('build failed: run `npm run build` to see why');
  process.exit(build.status ?? 1);
}
const dir = mkdtempSync(path.join(tmpdir(), 'gridops-jest-'));
const out = path.join(dir, 'results.json');
const args = ['jest', '--ci', '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });

let summary = null;
try {
  summary = JSON.parse(readFileSync(out, 'utf8'));
} catch {
  /* jest died before writing results */
}
rmSync(dir, { recursive: true, force: true });
if (summary) {
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (summary.numTotalTests === 0) {
    console.error('no tests ran');
    process.exit(1);
  }
}
process.exit(r.status ?? 1);
