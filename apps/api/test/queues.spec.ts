import type { QueueStats } from '@gridops/contracts';
import { startTestApp, type TestApp } from './support/test-app';

const basic = (user: string, password = 'gridops-demo') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('queue health and the admin queue board', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows waiting / active / delayed / failed per queue to admins, operators and shift leads only', async () => {
    for (const user of ['admin', 'operator', 'lead']) {
      const res = await t.request<QueueStats[]>('GET', '/api/v1/queues', { token: await t.login(user) });
      expect(res.status).toBe(200);
      expect(res.body.map((q) => q.queue)).toEqual(['intake', 'dispatch', 'sla', 'closure', 'models', 'trends']);
      expect(res.body[0]).toEqual(expect.objectContaining({ waiting: expect.any(Number), active: 0, delayed: 0, failed: 0 }));
    }
    for (const user of ['supervisor', 'worker.xincheng', 'unit.chengguan']) {
      expect((await t.request('GET', '/api/v1/queues', { token: await t.login(user) })).status).toBe(403);
    }
  });

  it('lets only an admin list and retry failed jobs', async () => {
    const admin = await t.login('admin');
    const operator = await t.login('operator');
    expect((await t.request('GET', '/api/v1/queues/dispatch/failed', { token: admin })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/queues/nope/failed', { token: admin })).status).toBe(404);
    expect((await t.request('POST', '/api/v1/queues/dispatch/retry-failed', { token: operator })).status).toBe(403);
    expect(await t.request('POST', '/api/v1/queues/dispatch/retry-failed', { token: admin })).toMatchObject({ status: 200, body: { retried: 0 } });
  });

  it('guards every route of the board, page and JSON API and actions alike, with admin credentials', async () => {
    const routes: ['GET' | 'PUT', string][] = [
      ['GET', '/admin/queues'],
      ['GET', '/admin/queues/api/queues'],
      ['PUT', '/admin/queues/api/queues/dispatch/pause'],
      ['PUT', '/admin/queues/api/queues/dispatch/retry/failed'],
    ];
    for (const [method, url] of routes) {
      const anonymous = await t.request(method, url);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
      expect((await t.request(method, url, { headers: { authorization: basic('operator') } })).status).toBe(401);
      expect((await t.request(method, url, { headers: { authorization: basic('admin', 'wrong') } })).status).toBe(401);
    }
    const page = await t.request<string>('GET', '/admin/queues', { headers: { authorization: basic('admin') } });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<!DOCTYPE html>');
    const api = await t.request<{ queues: { name: string }[] }>('GET', '/admin/queues/api/queues', { headers: { authorization: basic('admin') } });
    expect(api.body.queues.map((q) => q.name).sort()).toEqual(['closure', 'dispatch', 'intake', 'models', 'sla', 'trends']);
    // the anonymous pause above did nothing
    const stats = await t.request<QueueStats[]>('GET', '/api/v1/queues', { token: await t.login('admin') });
    expect(stats.body.find((q) => q.queue === 'dispatch')?.paused).toBe(false);
  });

  it('stops password guessing on the board as on the login: five wrong passwords for a name, then 429', async () => {
    const from = (remoteAddress: string, authorization: string) => t.app.inject({ method: 'GET', url: '/admin/queues/api/queues', remoteAddress, headers: { authorization } });
    for (let i = 0; i < 5; i++) expect((await from('10.66.0.1', basic('admin', `guess-${i}`))).statusCode).toBe(401);
    const refused = await from('10.66.0.1', basic('admin'));
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // the name waits wherever the guesses come from (failed-logins.ts); a page visit without credentials is a
    // challenge, not a failure
    expect((await from('10.66.0.2', basic('admin'))).statusCode).toBe(429);
    expect((await t.app.inject({ method: 'GET', url: '/admin/queues', remoteAddress: '10.66.0.2' })).statusCode).toBe(401);
  });
});
