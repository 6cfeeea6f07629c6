import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { JOB_SCHEDULES, JobName, QueueName, job, jobIdOf, type ErrorBody, type HotlineImportResult, type SuggestionModelInfo, type SuggestionsView } from '@gridops/contracts';
import { generateLabelledCases } from '@gridops/domain';
import { JobQueueService, SuggestionTrainer } from '@gridops/server';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { sampleInteriorPoint } from './support/fixtures';
import { postMultipart } from './support/uploads';
import { waitFor } from '@gridops/server-testing';

/**
 * Category and 片区 suggestions (docs/suggestions.md): the scheduled job trains from the closed cases in Postgres, the
 * api serves the newest version to staff, the 12345 import preview shows the top 3 per row; no history, no model.
 */
describe('category and 片区 suggestions', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string, admin: string, supervisor: string, gridWorker: string;
  const GENERATED = 1500;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    ds = t.app.get(DataSource);
    [operator, lead, admin, supervisor, gridWorker] = await Promise.all(['operator', 'lead', 'admin', 'supervisor', 'worker.xincheng'].map((u) => t.login(u)));
  });
  afterAll(() => t.close());

  const suggest = (token: string | undefined, text: string | null, extra = '') =>
    t.request<SuggestionsView & ErrorBody>('GET', `/api/v1/suggestions/category${text === null ? '' : `?text=${encodeURIComponent(text)}`}${extra}`, { token });
  const expectError = (res: Answer<unknown>, status: number, code: string) =>
    expect({ status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ status, code });
  const trainer = () => (t.worker as NonNullable<TestApp['worker']>).get(SuggestionTrainer);
  const models = async () => (await ds.query(`SELECT version, n_train, n_test, top1, top3, district_top1, data_checksum, model::text AS model FROM suggestion_models ORDER BY version`)) as {
    version: number;
    n_train: number;
    n_test: number;
    top1: number;
    top3: number;
    district_top1: number | null;
    data_checksum: string;
    model: string;
  }[];

  /** The generated history, written as closed cases (as the database owner: a closed loop per case would take minutes). */
  async function seedClosedCases(): Promise<void> {
    const pg = new Client({ connectionString: t.db.ownerUrl });
    await pg.connect();
    try {
      const cases = generateLabelledCases(GENERATED, 18);
      await pg.query(
        `WITH cells AS (SELECT DISTINCT ON (district_code) district_code, code FROM grid_cells ORDER BY district_code, code),
              rows AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS r(description, category_code, district_code))
         INSERT INTO cases (id, number, source, category_code, description, lat, lng, district_code, grid_cell_code, priority, state,
                            step_started_at, reported_at, version, closed_at)
         SELECT gen_random_uuid(), 'SG-' || lpad(n::text, 7, '0'), 'hotline_12345', rows.category_code, rows.description, 31.245, 121.38,
                rows.district_code, cells.code, 'P2', 'CLOSED', now() - interval '2 days', now() - interval '2 days', 9, now() - n * interval '1 second'
           FROM (SELECT rows.*, row_number() OVER () AS n FROM rows) AS rows JOIN cells USING (district_code)`,
        [cases.map((c) => c.description), cases.map((c) => c.categoryCode), cases.map((c) => c.districtCode)],
      );
    } finally {
      await pg.end();
    }
  }

  it('gives no suggestions while there is no history to learn from', async () => {
    const closed = (await ds.query(`SELECT count(*)::int AS n FROM cases WHERE state = 'CLOSED'`)) as { n: number }[];
    expect(closed[0].n).toBeLessThan(40);
    expect(await trainer().retrainIfDue()).toMatchObject({ kind: 'skipped' });
    expect(await models()).toEqual([]);
    const res = await suggest(operator, '金沙江路88号门口污水井盖破损');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ modelVersion: null, categories: [], districts: [] });
    expect((await t.request('GET', '/api/v1/suggestions/model', { token: lead })).body).toEqual({ model: null });
  });

  it('the worker plans the current slot’s retrain run (one job per 15-minute slot, JOB_SCHEDULES)', async () => {
    const queue = new Queue(QueueName.Models, { connection: { url: t.config.REDIS_URL }, prefix: t.config.REDIS_PREFIX });
    try {
      const every = JOB_SCHEDULES[JobName.RetrainSuggestions].everyMs;
      const slot = Math.floor(Date.now() / every) * every;
      // this slot's run, or the last one's when the worker planned it just before the slot turned
      const ids = [slot, slot - every].map((at) => jobIdOf(job(JobName.RetrainSuggestions, { at: new Date(at).toISOString() })));
      expect(ids[0]).toBe(`suggest-retrain-${slot}`);
      await waitFor(async () => (await Promise.all(ids.map((id) => queue.getJob(id)))).some(Boolean), { what: 'the current slot’s retrain job', timeoutMs: 10_000 });
    } finally {
      await queue.close();
    }
  });

  it('the job trains from the closed cases in Postgres, with held-out figures beside the model', async () => {
    await seedClosedCases();
    // through the queue, as the schedule runs it
    await t.app.get(JobQueueService).enqueue(JobName.RetrainSuggestions, { at: new Date(0).toISOString() });
    await waitFor(async () => (await models()).length === 1, { what: 'a trained model', timeoutMs: 30_000 });
    const [m] = await models();
    const closed = (await ds.query(`SELECT count(*)::int AS n FROM cases WHERE state = 'CLOSED'`)) as { n: number }[];
    expect(m.n_train + m.n_test).toBe(closed[0].n);
    expect(m.n_test).toBeGreaterThan(0.15 * closed[0].n);
    expect(m.top3).toBeGreaterThanOrEqual(0.8);
    expect(m.top1).toBeLessThanOrEqual(m.top3);
    expect(m.district_top1).toBeGreaterThanOrEqual(0.6);
    expect(m.data_checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('retrains deterministically, and not again until enough new cases closed', async () => {
    const [first] = await models();
    expect(await trainer().retrainIfDue()).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('retraining waits') });
    expect(await trainer().retrain()).toEqual({ kind: 'skipped', reason: 'a model of the same data exists' });
    // the same data trained again from scratch gives the same model, byte for byte
    const owner = new Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`DELETE FROM suggestion_models`);
    } finally {
      await owner.end();
    }
    const again = await trainer().retrain();
    expect(again).toMatchObject({ kind: 'trained', nTrain: first.n_train, nTest: first.n_test, top1: first.top1, top3: first.top3 });
    const [second] = await models();
    expect(second.version).toBeGreaterThan(first.version);
    expect(second.data_checksum).toBe(first.data_checksum);
    expect(second.model).toBe(first.model);
  });

  it('serves the newest model’s top 3 categories and 片区 to staff', async () => {
    const [m] = await models();
    await waitFor(async () => (await suggest(operator, '金沙江路88号门口污水井盖破损，有异味冒出')).body.modelVersion === m.version, { what: 'the api to load the new model', timeoutMs: 35_000 });
    const res = await suggest(operator, '金沙江路88号门口污水井盖破损，有异味冒出');
    expect(res.status).toBe(200);
    expect(res.body.categories).toHaveLength(3);
    expect(res.body.categories[0].code).toBe('C0102');
    expect(res.body.categories[0].confidence).toBeGreaterThan(res.body.categories[1].confidence);
    expect(res.body.districts[0].code).toBe('jinsha');
    for (const token of [lead, admin]) expect((await suggest(token, '梅川一村南门有人摆摊卖水果')).body.categories[0].code).toBe('E0501');
    const info = await t.request<{ model: SuggestionModelInfo }>('GET', '/api/v1/suggestions/model', { token: operator });
    expect(info.body.model).toMatchObject({ version: m.version, nTrain: m.n_train, nTest: m.n_test, top1: m.top1, top3: m.top3 });
    // a text with nothing the model knows: nothing rather than noise
    expect((await suggest(operator, 'xyz ???')).body).toEqual({ modelVersion: m.version, categories: [], districts: [] });
  });

  it('offers only categories that are active in the directory', async () => {
    const text = '金沙江路88号门口污水井盖破损，有异味冒出';
    const owner = new Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`UPDATE categories SET active = false WHERE code = 'C0102'`);
      await owner.query(`SELECT pg_notify('gridops_directory', 'C0102')`);
      await waitFor(async () => !(await suggest(operator, text)).body.categories.some((c) => c.code === 'C0102'), { what: 'C0102 switched off', timeoutMs: 10_000 });
      expect((await suggest(operator, text)).body.categories).toHaveLength(3);
    } finally {
      await owner.query(`UPDATE categories SET active = true WHERE code = 'C0102'`);
      await owner.query(`SELECT pg_notify('gridops_directory', 'C0102')`);
      await owner.end();
    }
  });

  it('refuses other roles, anonymous callers and malformed input', async () => {
    expectError(await suggest(gridWorker, '路灯不亮'), 403, 'FORBIDDEN');
    expectError(await suggest(supervisor, '路灯不亮'), 403, 'FORBIDDEN');
    expectError(await suggest(undefined, '路灯不亮'), 401, 'UNAUTHORIZED');
    expectError(await t.request('GET', '/api/v1/suggestions/model', { token: gridWorker }), 403, 'FORBIDDEN');
    expectError(await suggest(operator, null), 400, 'VALIDATION_FAILED');
    expectError(await suggest(operator, '   '), 400, 'VALIDATION_FAILED');
    expectError(await suggest(operator, '灯'.repeat(501)), 400, 'VALIDATION_FAILED');
    expectError(await suggest(operator, '路灯不亮', '&k=9'), 400, 'VALIDATION_FAILED');
    expectError(await suggest(operator, '路灯不亮', `&text=${encodeURIComponent('又一个')}`), 400, 'VALIDATION_FAILED');
    expect((await suggest(operator, '灯'.repeat(500))).status).toBe(200);
  });

  it('the 12345 import preview shows the top 3 per row; the import itself does not', async () => {
    const p = sampleInteriorPoint('xincheng-01');
    const file = Buffer.from(
      ['工单号,诉求内容,地址,坐标,分类', `2026120700001,市民来电反映：真北路120号附近路灯不亮，晚上很黑,长征镇真北路120号,"${p.lng},${p.lat}",路灯`, `2026120700002,,长征镇真北路1号,"${p.lng},${p.lat}",路灯`].join('\r\n') + '\r\n',
    );
    const post = (dryRun: boolean) =>
      postMultipart<HotlineImportResult>(t, `/api/v1/hotline-imports${dryRun ? '?dryRun=true' : ''}`, operator, [{ name: 'file', filename: 'export.csv', contentType: 'text/csv', data: file }]);
    const preview = await post(true);
    expect(preview.status).toBe(200);
    const [lamp, empty] = preview.body.rows;
    expect(lamp.suggestions?.map((s) => s.code)).toHaveLength(3);
    expect(lamp.suggestions?.[0].code).toBe('C0118');
    expect(empty.suggestions).toEqual([]);
    const imported = await post(false);
    expect(imported.status).toBe(201);
    expect(imported.body.rows[0].status).toBe('created');
    expect(imported.body.rows[0].suggestions).toBeUndefined();
  });
});
