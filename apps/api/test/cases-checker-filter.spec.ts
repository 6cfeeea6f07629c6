import type { CaseSummary, Page } from '@gridops/contracts';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, must, sampleInteriorPoint, userId } from './support/fixtures';

/** `GET /cases?checker=me`: the field view's 待核查 tab lists the checks (核查) chosen for the caller, nobody else's. */
describe('case list filtered by checker', () => {
  let t: TestApp;
  let operator: string, lead: string, worker: string, worker2: string;

  beforeAll(async () => {
    t = await startTestApp();
    [operator, lead, worker, worker2] = await Promise.all(['operator', 'lead', 'worker.xincheng', 'worker2.xincheng'].map((u) => t.login(u)));
  });
  afterAll(() => t.close());

  const list = async (token: string, query: string) => {
    const res = await t.request<Page<CaseSummary>>('GET', `/api/v1/cases?${query}`, { token });
    expect(res.status).toBe(200);
    return res.body.items.map((c) => c.id);
  };

  it('lists the checks chosen for me (by `me` or by id), not the ones chosen for a colleague', async () => {
    const [w1, w2] = [await userId(t, 'worker.xincheng'), await userId(t, 'worker2.xincheng')];
    const toCheck = async (checker: string) => {
      // 物业服务问题: a fix proven by a note (no after-photo rule), so the test needs no upload
      const c = await createCase(t, operator, { categoryCode: 'E0903', location: sampleInteriorPoint('xincheng-02') });
      await must(t, operator, c.id, 'register');
      await must(t, lead, c.id, 'file');
      await must(t, operator, c.id, 'dispatch', { assignee: { unitCode: 'shirong' } });
      const unit = await t.login('unit.shirong');
      await must(t, unit, c.id, 'accept');
      await must(t, unit, c.id, 'handle', { note: '已督促物业整改' });
      await must(t, operator, c.id, 'send-check', { checkerUserId: checker });
      return c.id;
    };
    const mine = await toCheck(w1);
    const theirs = await toCheck(w2);

    const forMe = await list(worker, 'checker=me&state=PENDING_CHECK');
    expect(forMe).toContain(mine);
    expect(forMe).not.toContain(theirs);
    expect(await list(worker2, 'checker=me')).toEqual(expect.arrayContaining([theirs]));
    expect(await list(worker2, 'checker=me')).not.toContain(mine);
    expect(await list(operator, `checker=${w2}`)).toContain(theirs);
    expect(await list(operator, `checker=${w2}`)).not.toContain(mine);
  });

  it('refuses a checker that is neither a uuid nor `me`', async () => {
    const res = await t.request('GET', '/api/v1/cases?checker=someone', { token: worker });
    expect(res.status).toBe(400);
  });
});
