import type { NearbyCase } from '@gridops/contracts';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, must, sampleInteriorPoint } from './support/fixtures';

/**
 * `GET /cases/nearby`: the possible duplicates the desk's intake form shows before an operator saves a call — the
 * pipeline's own duplicate search (same category, 50 m, 24 h, open), in the caller's read scope, callers masked.
 */
describe('possible duplicates of a report about to be made', () => {
  let t: TestApp;
  let operator: string, jinshaWorker: string;
  // in 新城: a 金沙 grid worker may not see these cases
  const at = sampleInteriorPoint('xincheng-02');
  const north = (m: number) => ({ lat: at.lat + m / 110_540, lng: at.lng });

  beforeAll(async () => {
    t = await startTestApp();
    [operator, jinshaWorker] = await Promise.all(['operator', 'worker.jinsha'].map((u) => t.login(u)));
  });
  afterAll(() => t.close());

  const nearby = (token: string, q: Record<string, string | number>) =>
    t.request<NearbyCase[]>('GET', `/api/v1/cases/nearby?${new URLSearchParams(Object.entries(q).map(([k, v]): [string, string] => [k, String(v)]))}`, { token });

  it('lists open cases of the category within the radius, nearest first, with the caller masked', async () => {
    const further = await createCase(t, operator, { categoryCode: 'E0506', location: north(33), reporter: { name: '王建国', phone: '13812345678' } });
    const nearest = await createCase(t, operator, { categoryCode: 'E0506', location: north(11), reporter: undefined });
    const away = await createCase(t, operator, { categoryCode: 'E0506', location: north(120) });
    const otherCategory = await createCase(t, operator, { categoryCode: 'E0102', location: at });
    const closed = await createCase(t, operator, { categoryCode: 'E0506', location: at });
    await must(t, operator, closed.id, 'void', { reasonCode: 'invalid', note: '无效' });

    const res = await nearby(operator, { ...at, category: 'E0506' });
    expect(res.status).toBe(200);
    expect(res.body.map((n) => n.case.id)).toEqual([nearest.id, further.id]);
    expect(res.body.map((n) => n.case.id)).not.toEqual(expect.arrayContaining([away.id, otherCategory.id, closed.id]));
    expect(res.body[0].metres).toBeLessThan(res.body[1].metres);
    expect(res.body[1].metres).toBeLessThanOrEqual(50);
    expect(res.body[0].case.caller).toBeNull();
    expect(res.body[1].case.caller).toBe('王** 138****5678');
    expect(res.body[1].case.number).toBe(further.number);
  });

  it('keeps to the caller’s read scope and refuses malformed input with a 400', async () => {
    expect((await nearby(jinshaWorker, { ...at, category: 'E0506' })).body).toEqual([]);
    for (const q of [{ lat: 'x', lng: 121.39, category: 'E0506' }, { lat: 31.24, lng: 121.39, category: 'rubbish' }, { lat: 31.24, lng: 121.39 }, { lat: 95, lng: 121.39, category: 'E0506' }]) {
      const res = await nearby(operator, q as Record<string, string | number>);
      expect(res.status).toBe(400);
    }
  });
});
