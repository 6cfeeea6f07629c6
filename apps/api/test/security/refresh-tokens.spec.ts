import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import type { TokenPair } from '@gridops/contracts';
import { startTestApp, type Answer, type TestApp } from '../support/test-app';
import { loginFrom } from '../support/access-helpers';

const DEMO_SECRET = 'gridops-demo-secret-change-me';

/** Issue #13 item 4: a refresh token is spent by its use; a spent one coming back revokes its whole family. */
describe('refresh tokens rotate, and a reused one revokes its family', () => {
  let t: TestApp;
  let address = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const login = async (username: string) => {
    const res = await loginFrom(t, `10.55.0.${++address}`, username);
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return res.body;
  };
  const refresh = (refreshToken: string): Promise<Answer<TokenPair>> => t.request<TokenPair>('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
  const works = async (accessToken: string) => (await t.request('GET', '/api/v1/auth/me', { token: accessToken })).status;

  it('answers a new refresh token on every refresh; a spent one used again later is refused and ends its family', async () => {
    const first = await login('supervisor');
    const r1 = await refresh(first.refreshToken);
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(first.refreshToken);
    const r2 = await refresh(r1.body.refreshToken);
    expect(r2.status).toBe(200);
    expect(r2.body.refreshToken).not.toBe(r1.body.refreshToken);

    // the first token comes back after two rotations: stolen, or replayed — today: 200, forever (7 days)
    expect((await refresh(first.refreshToken)).status).toBe(401);
    // the whole family is over: the newest refresh token of the chain no longer works either
    expect((await refresh(r2.body.refreshToken)).status).toBe(401);
    // a new sign-in starts a new family
    const again = await login('supervisor');
    expect((await refresh(again.refreshToken)).status).toBe(200);
  });

  it('ends only the family that was replayed, not the user’s other sessions', async () => {
    const desk = await login('worker.xincheng');
    const phone = await login('worker.xincheng');
    const d1 = await refresh(desk.refreshToken);
    await refresh(d1.body.refreshToken);
    expect((await refresh(desk.refreshToken)).status).toBe(401);
    const p1 = await refresh(phone.refreshToken);
    expect(p1.status).toBe(200);
    expect((await refresh(p1.body.refreshToken)).status).toBe(200);
  });

  it('lets two tabs refresh with the same token at the same moment: both get the same next token, and the family lives on', async () => {
    const session = await login('worker.meichuan');
    const [a, b] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.refreshToken).toBe(b.body.refreshToken);
    expect(await works(a.body.accessToken)).toBe(200);
    expect(await works(b.body.accessToken)).toBe(200);
    // a late second tab, a moment after the first rotated, is treated the same way
    const c = await refresh(session.refreshToken);
    expect(c.status).toBe(200);
    expect(c.body.refreshToken).toBe(a.body.refreshToken);
    const next = await refresh(a.body.refreshToken);
    expect(next.status).toBe(200);
    expect((await refresh(next.body.refreshToken)).status).toBe(200);
  });

  it('treats the just-spent token as reuse once the grace window has passed', async () => {
    const session = await login('worker.nujiang');
    const r1 = await refresh(session.refreshToken);
    expect(r1.status).toBe(200);
    // the rotation happened a minute ago (rather than waiting a minute)
    await t.app.get(DataSource).query(`UPDATE refresh_families SET rotated_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE username = 'worker.nujiang')`);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await refresh(r1.body.refreshToken)).status).toBe(401);
  });

  it('honours a refresh token issued before rotation existed exactly once', async () => {
    const [{ id, token_version }] = (await t.app.get(DataSource).query(`SELECT id, token_version FROM users WHERE username = 'unit.shirong'`)) as { id: string; token_version: number }[];
    // the shape refresh tokens had before: no family, no id
    const legacy = jwt.sign({ typ: 'refresh', sub: id, ver: token_version }, DEMO_SECRET, { issuer: 'gridops', algorithm: 'HS256', expiresIn: 3600 });
    const r1 = await refresh(legacy);
    expect(r1.status).toBe(200);
    const r2 = await refresh(r1.body.refreshToken);
    expect(r2.status).toBe(200);
    expect((await refresh(legacy)).status).toBe(401);
    expect((await refresh(r2.body.refreshToken)).status).toBe(401);
  });

  it('refuses a refresh token of a deactivated user, and an access token used as a refresh token', async () => {
    const session = await login('worker2.xincheng');
    expect((await refresh(session.accessToken)).status).toBe(401);
    await t.app.get(DataSource).query(`UPDATE users SET active = false WHERE username = 'worker2.xincheng'`);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect(await works(session.accessToken)).toBe(401);
  });
});
