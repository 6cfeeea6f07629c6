import { DataSource } from 'typeorm';
import { UserAccessService } from '@gridops/server';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '@gridops/server-testing';

/** Issue #13 item 2 in one process: what bumps a user's token version, and what the per-request check costs. */
describe('access tokens are checked against their user', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const status = async (token: string) => (await t.request('GET', '/api/v1/cases?limit=1', { token })).status;
  const idOf = async (username: string) => ((await t.app.get(DataSource).query(`SELECT id FROM users WHERE username = $1`, [username])) as { id: string }[])[0].id;
  const patch = async (username: string, body: object) => {
    const res = await t.request('PATCH', `/api/v1/users/${await idOf(username)}`, { token: admin, body });
    if (res.status !== 200) throw new Error(`PATCH ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  it('reads the user once per instance, not once per request, while nothing changes', async () => {
    const token = await t.login('worker.jinsha');
    expect(await status(token)).toBe(200);
    // (Nest's app.get exits the process when handed undefined: say what is missing instead)
    if (!UserAccessService) throw new Error('no UserAccessService: nothing checks tokens against their user');
    const access = t.app.get(UserAccessService);
    const loads = access.loads;
    for (let i = 0; i < 50; i++) expect(await status(token)).toBe(200);
    expect(access.loads).toBe(loads);
  });

  it('ends the access tokens of a user whose password an admin resets, at once', async () => {
    const token = await t.login('worker.nujiang');
    expect(await status(token)).toBe(200);
    await patch('worker.nujiang', { password: 'a-brand-new-password' });
    // today: 200 for the token's remaining 15 minutes
    await waitFor(async () => (await status(token)) === 401, { what: 'the token to stop working', timeoutMs: 3000 });
  });

  it('ends the tokens of a user changed behind the api’s back (SQL), as the database bumps the version itself', async () => {
    const token = await t.login('unit.shuiwu');
    expect(await status(token)).toBe(200);
    await t.app.get(DataSource).query(`UPDATE users SET role = 'operator', unit_code = NULL WHERE username = 'unit.shuiwu'`);
    await waitFor(async () => (await status(token)) === 401, { what: 'the token to stop working', timeoutMs: 3000 });
  });

  it('keeps the tokens of a user whose display name or phone changes', async () => {
    const token = await t.login('worker.meichuan');
    await patch('worker.meichuan', { displayName: '梅川网格员甲', phone: '13900000000' });
    await new Promise((r) => setTimeout(r, 200));
    expect(await status(token)).toBe(200);
  });
});
