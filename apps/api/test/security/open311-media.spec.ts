import { DataSource } from 'typeorm';
import type { AttachmentView, CaseDetail } from '@gridops/contracts';
import { startTestApp, type TestApp } from '../support/test-app';
import { act, getCase, reportBody, sampleInteriorPoint } from '../support/fixtures';
import { uploadPhoto } from '../support/uploads';
import { changedTables, expectRefusal, rowCounts, writtenTables } from './security-support';

const PUBLIC_BASE_URL = 'https://gridops.changzheng.example.gov.cn';

type Request311 = { service_request_id: string; media_url: string | null };

/**
 * Issue #13 item 6 — Open311 publishes only what the citizen sent (their own photos, or the media_url they posted)
 * or what staff marked public; the URL is built from PUBLIC_BASE_URL, never from the request's Host header. Before:
 * `media_url` was the case's first attachment of any kind (a grid worker's before-photo went public) on whatever
 * host the caller claimed to have asked.
 */
describe('security: what Open311 publishes as media_url', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string, worker: string, unit: string, supervisor: string;
  let tables: string[];

  beforeAll(async () => {
    t = await startTestApp({ env: { PUBLIC_BASE_URL } });
    ds = t.app.get(DataSource);
    [operator, lead, worker, unit, supervisor] = await Promise.all(['operator', 'lead', 'worker.xincheng', 'unit.shirong', 'supervisor'].map((u) => t.login(u)));
    tables = await writtenTables(ds);
  });
  afterAll(() => t.close());

  /** a citizen's report through Open311, in 新城 (where worker.xincheng works) */
  const citizenReport = async (extra: [string, string][] = []): Promise<{ number: string; id: string }> => {
    const form = new URLSearchParams([['api_key', 'demo-open311-key'], ['service_code', 'E0104'], ['address_id', 'xincheng-01'], ['description', '路面油污'], ...extra]);
    const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(res.statusCode).toBe(201);
    const number = String((JSON.parse(res.body) as Request311[])[0].service_request_id);
    const [row] = (await ds.query(`SELECT id FROM cases WHERE number = $1`, [number])) as { id: string }[];
    return { number, id: row.id };
  };
  const published = async (number: string, host = 'evil.example.com'): Promise<string | null> => {
    const res = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json`, headers: { host, 'x-forwarded-host': host } });
    expect(res.statusCode).toBe(200);
    return (JSON.parse(res.body) as Request311[])[0].media_url;
  };
  const photoUrl = (id: string) => new RegExp(`^${PUBLIC_BASE_URL.replace(/\./g, '\\.')}/api/v1/attachments/${id}\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`);
  const mark = (token: string | undefined, id: string, body: unknown) => t.request<AttachmentView>('PATCH', `/api/v1/attachments/${id}`, { token, body });
  /** a grid worker's before-photo on the case (a comment with a photo) */
  const workerPhoto = async (caseId: string): Promise<string> => {
    const photo = await uploadPhoto(t, worker, 'before');
    const res = await act(t, worker, caseId, 'comment', { note: '现场照片 / on site', attachmentIds: [photo] });
    expect(res.status).toBe(200);
    return photo;
  };

  it("does not publish a grid worker's photo of a citizen's case", async () => {
    const c = await citizenReport();
    await workerPhoto(c.id);
    expect(await published(c.number)).toBeNull();
    const list = await t.app.inject({ method: 'GET', url: `/open311/v2/requests.json?service_request_id=${c.number}` });
    expect((JSON.parse(list.body) as Request311[])[0].media_url).toBeNull();
  });

  it("publishes the citizen's own photo by default, at PUBLIC_BASE_URL whatever Host the caller sends; the link works", async () => {
    const photo = await uploadPhoto(t, operator, 'report');
    // a citizen-app report relayed by the desk, with the citizen's photo
    const res = await t.request<CaseDetail>('POST', '/api/v1/reports', {
      token: operator,
      body: reportBody({ source: 'citizen_app', location: sampleInteriorPoint('xincheng-02'), attachmentIds: [photo] }),
    });
    expect(res.status).toBe(201);
    await workerPhoto(res.body.id);
    const url = await published(res.body.number, 'attacker.example.net');
    expect(url).toMatch(photoUrl(photo));
    const file = await t.app.inject({ method: 'GET', url: url!.slice(PUBLIC_BASE_URL.length) });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
  });

  it("keeps the media_url the citizen posted, and builds discovery's endpoint from PUBLIC_BASE_URL too", async () => {
    const c = await citizenReport([['media_url', 'https://img.example.com/oil/1.jpg']]);
    await workerPhoto(c.id);
    expect(await published(c.number)).toBe('https://img.example.com/oil/1.jpg');
    const discovery = await t.app.inject({ method: 'GET', url: '/open311/v2/discovery.json', headers: { host: 'evil.example.com' } });
    expect((JSON.parse(discovery.body) as { endpoints: { url: string }[] }).endpoints[0].url).toBe(`${PUBLIC_BASE_URL}/open311/v2`);
  });

  it('lets an operator or a shift lead mark a photo public or private; Open311 follows', async () => {
    const c = await citizenReport();
    const photo = await workerPhoto(c.id);
    const marked = await mark(operator, photo, { public: true });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ id: photo, public: true });
    expect(await published(c.number)).toMatch(photoUrl(photo));
    expect((await getCase(t, operator, c.id)).attachments.find((a) => a.id === photo)?.public).toBe(true);

    const unmarked = await mark(lead, photo, { public: false });
    expect(unmarked.status).toBe(200);
    expect(unmarked.body.public).toBe(false);
    expect(await published(c.number)).toBeNull();
  });

  it("lets staff withdraw a citizen's own photo (public: false)", async () => {
    const photo = await uploadPhoto(t, operator, 'report');
    const res = await t.request<CaseDetail>('POST', '/api/v1/reports', {
      token: operator,
      body: reportBody({ source: 'citizen_app', location: sampleInteriorPoint('xincheng-03'), attachmentIds: [photo] }),
    });
    expect(await published(res.body.number)).toMatch(photoUrl(photo));
    expect((await mark(operator, photo, { public: false })).status).toBe(200);
    expect(await published(res.body.number)).toBeNull();
  });

  it('refuses anyone else, and bad requests, writing nothing', async () => {
    const c = await citizenReport();
    const photo = await workerPhoto(c.id);
    const unattached = await uploadPhoto(t, operator, 'other');
    const before = await rowCounts(ds, tables);
    for (const token of [worker, unit, supervisor]) expectRefusal(await mark(token, photo, { public: true }), 403, 'FORBIDDEN');
    expectRefusal(await mark(undefined, photo, { public: true }), 401, 'UNAUTHORIZED');
    expectRefusal(await mark(operator, photo, { public: 'yes' }), 400, 'VALIDATION_FAILED');
    expectRefusal(await mark(operator, photo, { public: true, kind: 'after' }), 400, 'VALIDATION_FAILED');
    expectRefusal(await mark(operator, photo, {}), 400, 'VALIDATION_FAILED');
    expectRefusal(await mark(operator, '00000000-0000-4000-8000-000000000000', { public: true }), 404, 'NOT_FOUND');
    expectRefusal(await mark(operator, 'not-a-uuid', { public: true }), 404, 'NOT_FOUND');
    expectRefusal(await mark(operator, unattached, { public: true }), 422);
    expect(changedTables(before, await rowCounts(ds, tables))).toEqual({});
    expect(await published(c.number)).toBeNull();
  });
});
