import { loadConfig } from '@gridops/server';
import { startTestApp, type TestApp } from '../support/test-app';

/** Issue 13 item 1: what production and a dev machine each get by default, decided in one place (app-config.ts). */
describe('configuration defaults: demo on a dev machine, off in production (issue 13.1)', () => {
  const strong = 'a-production-secret-of-more-than-32-bytes';

  it('a dev machine keeps the demo: demo users, the demo secret, docs, any origin — and the app role for the api and worker', () => {
    const c = loadConfig({});
    expect({ env: c.NODE_ENV, demo: c.DEMO, docs: c.API_DOCS, cors: c.CORS_ORIGINS }).toEqual({ env: 'development', demo: true, docs: true, cors: true });
    expect(c.JWT_SECRET).toBe('gridops-demo-secret-change-me');
    expect(c.DATABASE_URL).toBe('postgres://gridops_app@127.0.0.1:5432/gridops');
    expect(c.MIGRATION_DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/gridops');
  });

  it('DATABASE_URL alone (as before the role split) is also where migrations run', () => {
    const url = 'postgres://postgres@%2Fvar%2Frun%2Fpostgresql/gridops';
    expect(loadConfig({ DATABASE_URL: url })).toMatchObject({ DATABASE_URL: url, MIGRATION_DATABASE_URL: url });
  });

  it('production: demo off unless asked for by name, docs off, no cross-origin callers unless listed', () => {
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong });
    expect({ demo: c.DEMO, docs: c.API_DOCS, cors: c.CORS_ORIGINS }).toEqual({ demo: false, docs: false, cors: false });
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong, DEMO: 'true' }).DEMO).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong, CORS_ORIGINS: 'https://a.example, https://b.example:8443' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
  });

  it('refuses an allow-list entry that is not an origin', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });

  it.each([
    ['unset', undefined],
    ['the demo value', 'gridops-demo-secret-change-me'],
    ['31 bytes', 's'.repeat(31)],
    ['10 Chinese characters (30 bytes)', '密'.repeat(10)],
  ])('production refuses JWT_SECRET %s', (_what, secret) => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...(secret === undefined ? {} : { JWT_SECRET: secret }) })).toThrow(/JWT_SECRET[^]*at least 32 bytes/);
  });

  it('production accepts 32 bytes', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: '密'.repeat(11) }).JWT_SECRET).toBe('密'.repeat(11));
  });
});

describe('HTTP hardening outside production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves a Content-Security-Policy on every answer, the console included', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    const csp = String(res.headers['content-security-policy'] ?? '');
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
  });

  it('keeps the OpenAPI docs for developers', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).statusCode).toBe(200);
  });
});
