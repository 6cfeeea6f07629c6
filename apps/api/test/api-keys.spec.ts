import type { ExecutionContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ApiKeyView, ErrorBody, IssuedApiKey } from '@gridops/contracts';
import { ApiKeyGuard, ApiKeyScope, ApiKeysService, type ApiKeyEntity } from '@gridops/server';
import { startTestApp, type TestApp } from './support/test-app';

/** Two routes as a controller would declare them: the guard reads their metadata like Nest does. */
class KeyedRoutes {
  @ApiKeyScope('alarms')
  alarms(): string {
    return 'alarms';
  }

  @ApiKeyScope('open311', { field: true })
  open311(): string {
    return 'open311';
  }
}

interface FakeRequest {
  headers: Record<string, string>;
  body?: unknown;
  query?: unknown;
  apiKey?: ApiKeyEntity;
}

function contextFor(handler: keyof KeyedRoutes, req: FakeRequest): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => KeyedRoutes.prototype[handler],
    getClass: () => KeyedRoutes,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({}), getNext: () => undefined }),
  } as unknown as ExecutionContext;
}

/** What the guard answered: the status and error code it threw, or 'allowed'. */
async function guardAnswer(guard: ApiKeyGuard, handler: keyof KeyedRoutes, req: FakeRequest): Promise<string> {
  try {
    return (await guard.canActivate(contextFor(handler, req))) ? 'allowed' : 'refused';
  } catch (err) {
    const e = err as { getStatus(): number; getResponse(): ErrorBody };
    return `${e.getStatus()} ${e.getResponse().error.code}`;
  }
}

describe('API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lets an admin issue a key that is shown once and stored only as its SHA-256', async () => {
    const admin = await t.login('admin');
    const res = await t.request<IssuedApiKey>('POST', '/api/v1/api-keys', { token: admin, body: { name: '随申拍 gateway', scopes: ['open311'] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '随申拍 gateway', scopes: ['open311'], revokedAt: null });
    expect(res.body.key).toMatch(/^gok_[A-Za-z0-9_-]{43}$/);
    expect(res.body.prefix).toBe(res.body.key.slice(0, 12));

    const stored = (await t.app.get(DataSource).query(`SELECT key_hash, created_by FROM api_keys WHERE id = $1`, [res.body.id])) as { key_hash: string; created_by: string }[];
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].key_hash).not.toContain(res.body.key);
    const me = await t.request<{ id: string }>('GET', '/api/v1/auth/me', { token: admin });
    expect(stored[0].created_by).toBe(me.body.id);

    const list = await t.request<ApiKeyView[]>('GET', '/api/v1/api-keys', { token: admin });
    expect(list.status).toBe(200);
    const listed = list.body.find((k) => k.id === res.body.id);
    expect(listed).toMatchObject({ name: '随申拍 gateway', prefix: res.body.prefix });
    // listing never shows a key again
    expect(JSON.stringify(list.body)).not.toContain(res.body.key);
    expect(listed).not.toHaveProperty('key');
  });

  it('verifies a key for its scopes only, and not after it is revoked', async () => {
    const admin = await t.login('admin');
    const keys = t.app.get(ApiKeysService);
    const issued = (await t.request<IssuedApiKey>('POST', '/api/v1/api-keys', { token: admin, body: { name: 'sensor platform', scopes: ['alarms', 'hotline-import'] } })).body;

    expect((await keys.verify(issued.key, 'alarms'))?.id).toBe(issued.id);
    expect((await keys.verify(issued.key, 'hotline-import'))?.id).toBe(issued.id);
    expect(await keys.verify(issued.key, 'open311')).toBeNull();
    expect(await keys.verify(`${issued.key}x`, 'alarms')).toBeNull();
    expect(await keys.verify('', 'alarms')).toBeNull();
    expect(await keys.verify('x'.repeat(5000), 'alarms')).toBeNull();

    const revoked = await t.request<ApiKeyView>('POST', `/api/v1/api-keys/${issued.id}/revoke`, { token: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(await keys.verify(issued.key, 'alarms')).toBeNull();
    expect(await keys.check(issued.key, 'alarms')).toEqual({ ok: false, reason: 'revoked' });

    // a second revoke keeps the first time
    const again = await t.request<ApiKeyView>('POST', `/api/v1/api-keys/${issued.id}/revoke`, { token: admin });
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it('seeds the demo keys in demo mode with their scopes', async () => {
    const keys = t.app.get(ApiKeysService);
    expect(await keys.verify('demo-open311-key', 'open311')).not.toBeNull();
    expect(await keys.verify('demo-open311-key', 'alarms')).toBeNull();
    expect(await keys.verify('demo-iot-key', 'alarms')).not.toBeNull();
    expect(await keys.verify('demo-iot-key', 'open311')).toBeNull();
  });

  it('guards keyed routes: header key, api_key field only where allowed, 401 missing/unknown/revoked, 403 wrong scope', async () => {
    const admin = await t.login('admin');
    const guard = t.app.get(ApiKeyGuard);
    const iot = (await t.request<IssuedApiKey>('POST', '/api/v1/api-keys', { token: admin, body: { name: 'iot', scopes: ['alarms'] } })).body;

    const req: FakeRequest = { headers: { 'x-api-key': iot.key } };
    expect(await guardAnswer(guard, 'alarms', req)).toBe('allowed');
    expect(req.apiKey?.id).toBe(iot.id);

    expect(await guardAnswer(guard, 'alarms', { headers: {} })).toBe('401 API_KEY_REQUIRED');
    expect(await guardAnswer(guard, 'alarms', { headers: { 'x-api-key': 'gok_nonsense' } })).toBe('401 API_KEY_INVALID');
    expect(await guardAnswer(guard, 'open311', { headers: { 'x-api-key': iot.key } })).toBe('403 API_KEY_SCOPE');
    // the api_key field counts only on routes that allow it (Open311), never on the header-only alarm route
    expect(await guardAnswer(guard, 'alarms', { headers: {}, body: { api_key: iot.key } })).toBe('401 API_KEY_REQUIRED');
    expect(await guardAnswer(guard, 'open311', { headers: {}, body: { api_key: 'demo-open311-key' } })).toBe('allowed');
    expect(await guardAnswer(guard, 'open311', { headers: {}, query: { api_key: 'demo-open311-key' } })).toBe('allowed');

    await t.request('POST', `/api/v1/api-keys/${iot.id}/revoke`, { token: admin });
    expect(await guardAnswer(guard, 'alarms', { headers: { 'x-api-key': iot.key } })).toBe('401 API_KEY_INVALID');
  });

  it('is for admins only', async () => {
    for (const user of ['operator', 'lead', 'supervisor', 'worker.xincheng', 'unit.chengguan']) {
      const token = await t.login(user);
      expect((await t.request('GET', '/api/v1/api-keys', { token })).status).toBe(403);
      const post = await t.request<ErrorBody>('POST', '/api/v1/api-keys', { token, body: { name: 'x', scopes: ['alarms'] } });
      expect(post.status).toBe(403);
      expect(post.body.error.code).toBe('FORBIDDEN');
      expect((await t.request('POST', '/api/v1/api-keys/00000000-0000-4000-8000-000000000000/revoke', { token })).status).toBe(403);
    }
    expect((await t.request('GET', '/api/v1/api-keys')).status).toBe(401);
    // a key is not a login: it opens no JWT route
    expect((await t.request('GET', '/api/v1/api-keys', { headers: { 'x-api-key': 'demo-open311-key' } })).status).toBe(401);
  });

  it('refuses bad input with 400 and an unknown id with 404', async () => {
    const admin = await t.login('admin');
    const bad = [
      {},
      { name: 'x' },
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['root'] },
      { name: 'x', scopes: ['alarms', 'alarms'] },
      { name: '', scopes: ['alarms'] },
      { name: 'x'.repeat(101), scopes: ['alarms'] },
      { name: 'x', scopes: ['alarms'], extra: true },
    ];
    for (const body of bad) {
      const res = await t.request<ErrorBody>('POST', '/api/v1/api-keys', { token: admin, body });
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await t.request('POST', '/api/v1/api-keys/not-a-uuid/revoke', { token: admin })).status).toBe(400);
    const missing = await t.request<ErrorBody>('POST', '/api/v1/api-keys/00000000-0000-4000-8000-000000000000/revoke', { token: admin });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });
});
