import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_PG_URL, TEST_REDIS_URL, createTestDatabase, dropDatabase, freePort, spawnApi, type TestDatabase } from '@gridops/server-testing';
import { DataSource } from 'typeorm';
import { DEMO_API_KEYS, DEMO_USER_SEEDS, createAdmin, dataSourceOptions, loadConfig, retireDemo } from '@gridops/server';
import { createApp } from '../../src/bootstrap/create-app';
import { cleanEnv, refusal, runToExit, scratchDatabase } from './support/processes';

/**
 * Issue 13 item 1 — production with demo secrets. Every check spawns the real scripts (built: apps/*\/dist, libs/*\/dist)
 * and reads their exit code and stderr, as an operator would see them.
 */

const DEMO_SECRET = 'gridops-demo-secret-change-me';
const strongSecret = () => randomBytes(48).toString('base64');
const prefix = () => `gridops-sec-${randomBytes(4).toString('hex')}`;

const scratch: string[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const name of scratch.splice(0)) await dropDatabase(name);
  for (const db of databases.splice(0)) await db.drop();
});

async function databaseExists(name: string): Promise<boolean> {
  const c = new Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    return ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await c.end();
  }
}

/** A copy of the template made fit for production the way an operator would (--retire-demo, --create-admin), in-process. */
async function productionDatabase(admin?: { username: string; password: string }): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  const owner = new DataSource(dataSourceOptions(db.ownerUrl, 2));
  await owner.initialize();
  try {
    await retireDemo(owner);
    if (admin) await createAdmin(owner, admin.username, admin.password);
  } finally {
    await owner.destroy();
  }
  return db;
}

/** the built api on a free port of this machine, production mode */
const apiEnv = async (env: Record<string, string>) => ({ NODE_ENV: 'production', REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix(), PORT: String(await freePort()), HOST: '127.0.0.1', ...env });

describe('production refuses demo settings (issue 13.1)', () => {
  it('`NODE_ENV=production npm start` with the demo settings refuses to start, says what to set, and touches nothing', async () => {
    const db = scratchDatabase('prodstart');
    scratch.push(db.name);
    const stderr = await refusal('scripts/start.mjs', ['--no-build'], await apiEnv({ DATABASE_URL: db.superuserUrl, SIM: 'off' }));
    expect(stderr).toMatch(/JWT_SECRET/);
    expect(stderr).toMatch(/at least 32 bytes/);
    expect(stderr).toMatch(/openssl rand/);
    // refused before the database was created, migrated or seeded with demo users
    expect(await databaseExists(db.name)).toBe(false);
  }, 40_000);

  it.each([
    ['unset', {}],
    ['the demo value', { JWT_SECRET: DEMO_SECRET }],
    ['the demo value, with DEMO=false', { JWT_SECRET: DEMO_SECRET, DEMO: 'false' }],
    ['31 bytes long', { JWT_SECRET: 'k'.repeat(31) }],
    ['empty', { JWT_SECRET: '' }],
  ])('the api refuses to start in production when JWT_SECRET is %s', async (_what, env: Record<string, string>) => {
    const stderr = await refusal('apps/api/dist/main.js', [], await apiEnv(env), 20_000);
    expect(stderr).toMatch(/JWT_SECRET/);
    expect(stderr).toMatch(/at least 32 bytes/);
  }, 30_000);

  it('the worker refuses the demo JWT secret in production too', async () => {
    expect(await refusal('apps/worker/dist/main.js', [], { NODE_ENV: 'production', JWT_SECRET: DEMO_SECRET, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix() }, 20_000)).toMatch(/JWT_SECRET/);
  }, 30_000);

  it('the api refuses to start in production while demo users or demo API keys are in the database', async () => {
    const db = await createTestDatabase(); // a copy of the seeded template: demo users and keys are there
    databases.push(db);
    const stderr = await refusal('apps/api/dist/main.js', [], await apiEnv({ JWT_SECRET: strongSecret(), DATABASE_URL: db.url }));
    expect(stderr).toMatch(/demo users/);
    expect(stderr).toMatch(/\badmin\b/);
    expect(stderr).toMatch(/demo-open311-key/);
    expect(stderr).toMatch(/--retire-demo/);
  }, 40_000);

  it('the api refuses to connect as a superuser in production', async () => {
    const db = await productionDatabase();
    const stderr = await refusal('apps/api/dist/main.js', [], await apiEnv({ JWT_SECRET: strongSecret(), DATABASE_URL: db.ownerUrl }));
    expect(stderr).toMatch(/superuser/);
    expect(stderr).toMatch(/MIGRATION_DATABASE_URL/);
  }, 60_000);

  it('with the demo retired, a real admin and a real secret the api starts in production: no demo logins, docs off, CSP on, CORS from the allow-list', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const env = { NODE_ENV: 'production', JWT_SECRET: strongSecret(), MIGRATION_DATABASE_URL: db.ownerUrl, DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL };
    const retired = await runToExit('scripts/start.mjs', ['--no-build', '--retire-demo'], cleanEnv(env), 30_000);
    expect({ code: retired.code, timedOut: retired.timedOut, stderr: retired.stderr }).toEqual({ code: 0, timedOut: false, stderr: '' });
    // every demo login, the simulator's own staff too
    expect(retired.stdout).toMatch(new RegExp(`deactivated ${DEMO_USER_SEEDS.length} demo users`));
    expect(retired.stdout).toMatch(new RegExp(`revoked ${DEMO_API_KEYS.length} demo API keys`));
    const adminPassword = `chief-${randomBytes(9).toString('hex')}`;
    const created = await runToExit('scripts/start.mjs', ['--no-build', '--create-admin', 'chief'], cleanEnv({ ...env, ADMIN_PASSWORD: adminPassword }), 30_000);
    expect({ code: created.code, timedOut: created.timedOut, stderr: created.stderr }).toEqual({ code: 0, timedOut: false, stderr: '' });
    expect(created.stdout).not.toContain(adminPassword);

    const allowed = 'https://ops.changzheng.example';
    const api = await spawnApi({ ...env, REDIS_PREFIX: prefix(), CORS_ORIGINS: allowed });
    try {
      expect((await fetch(`${api.url}/health`)).status).toBe(200);
      const login = (username: string, password: string) =>
        fetch(`${api.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }).then((r) => r.status);
      expect(await login('admin', 'gridops-demo')).toBe(401);
      expect(await login('chief', adminPassword)).toBe(200);

      expect((await fetch(`${api.url}/api/docs`)).status).toBe(404);
      expect((await fetch(`${api.url}/api/docs/openapi.json`)).status).toBe(404);

      const page = await fetch(`${api.url}/desk`, { headers: { accept: 'text/html' } });
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);

      const preflight = (origin: string) =>
        fetch(`${api.url}/api/v1/auth/login`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
      expect((await preflight(allowed)).headers.get('access-control-allow-origin')).toBe(allowed);
    } finally {
      await api.stop();
    }
  }, 90_000);

  it('API_DOCS=true in production serves the docs behind the admin sign-in', async () => {
    const db = await productionDatabase({ username: 'chief', password: 'chief-password-1' });
    const app = await createApp(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret(), DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix(), LOG_LEVEL: 'silent', API_DOCS: 'true' }),
    );
    try {
      const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
      for (const url of ['/api/docs', '/api/docs/openapi.json', '/api/docs-yaml']) {
        const anonymous = await app.inject({ method: 'GET', url });
        expect({ url, status: anonymous.statusCode, challenge: anonymous.headers['www-authenticate'] }).toEqual({ url, status: 401, challenge: expect.stringMatching(/^Basic /) });
      }
      expect((await app.inject({ method: 'GET', url: '/api/docs/openapi.json', headers: basic('chief', 'wrong-password') })).statusCode).toBe(401);
      const doc = await app.inject({ method: 'GET', url: '/api/docs/openapi.json', headers: basic('chief', 'chief-password-1') });
      expect(doc.statusCode).toBe(200);
      expect(JSON.parse(doc.body)).toMatchObject({ info: { title: 'gridops API' } });
    } finally {
      await app.close();
    }
  }, 60_000);
});
