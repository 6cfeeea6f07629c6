import sharp from 'sharp';
import { DataSource } from 'typeorm';
import type { CameraView, DetectionBatchResult, DetectionView, ErrorBody, Page, ThresholdView } from '@gridops/contracts';
import { DEFAULT_CONFIRM_BELOW, MAX_DETECTIONS_PER_BATCH } from '@gridops/contracts';
import { systemNoteText, type SystemNote } from '@gridops/domain';
import { ApiKeysService, AttachmentsService } from '@gridops/server';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { sampleInteriorPoint } from './support/fixtures';

/**
 * 视频AI: the camera registry, detection batches from the video platform and the desk's confirmation queue, on the
 * real Postgres and Redis (no worker: video cases wait for an operator anyway, and merging at ingest is the ingest's).
 */
describe('video analytics (视频AI)', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string, operator: string, lead: string, supervisor: string, xinchengWorker: string, unitStaff: string;
  let videoKey: string;
  let jpeg: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    [admin, operator, lead, supervisor, xinchengWorker, unitStaff] = await Promise.all(
      ['admin', 'operator', 'lead', 'supervisor', 'worker.xincheng', 'unit.chengguan'].map((u) => t.login(u)),
    );
    videoKey = (await t.app.get(ApiKeysService).issue({ name: '测试视频平台 test video platform', scopes: ['video'] }, null)).key;
    jpeg = (await sharp({ create: { width: 64, height: 48, channels: 3, background: '#7a8a99' } }).jpeg().toBuffer()).toString('base64');
  });
  afterAll(() => t.close());

  let serial = 0;
  const uniq = (label: string) => `${label}-${++serial}`;
  const base = Date.now() - 3600_000;
  const at = (s: number) => new Date(base + s * 1000).toISOString();

  const ingest = (body: unknown, key: string | null = videoKey) =>
    t.request<DetectionBatchResult>('POST', '/api/v1/ingest/video', { body, headers: key === null ? {} : { 'x-api-key': key } });

  const newCamera = async (cell: string, categories = ['E0102', 'E0506'], over: Record<string, unknown> = {}): Promise<CameraView> => {
    const res = await t.request<CameraView>('POST', '/api/v1/cameras', {
      token: admin,
      body: { id: uniq('T-CAM'), name: `测试摄像头 ${cell}`, location: sampleInteriorPoint(cell, 3), categories, ...over },
    });
    if (res.status !== 201) throw new Error(`camera create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const detection = (cameraId: string, s: number, over: Record<string, unknown> = {}) => ({
    eventId: uniq('EV'),
    cameraId,
    categoryCode: 'E0102',
    confidence: 0.95,
    detectedAt: at(s),
    snapshot: jpeg,
    ...over,
  });

  const outcomes = (res: Answer<DetectionBatchResult>) => res.body.results.map((r) => r.outcome);
  const casesOfCamera = async (cameraId: string) =>
    (await ds.query(`SELECT id, state, source, category_code, grid_cell_code, district_code FROM cases WHERE camera_id = $1 ORDER BY reported_at`, [cameraId])) as {
      id: string;
      state: string;
      source: string;
      category_code: string;
      grid_cell_code: string;
      district_code: string;
    }[];
  const detectionRow = async (platform: string, eventId: string) =>
    ((await ds.query(`SELECT id::text AS id, status, case_id, attachment_id, decided_by, reason FROM video_detections WHERE platform = $1 AND event_id = $2`, [
      platform,
      eventId,
    ])) as { id: string; status: string; case_id: string | null; attachment_id: string; decided_by: string | null; reason: string | null }[])[0];
  const systemNotes = async (caseId: string) =>
    ((await ds.query(`SELECT system_note FROM case_events WHERE case_id = $1 AND type = 'comment' AND actor_role = 'system' ORDER BY seq`, [caseId])) as {
      system_note: SystemNote;
    }[]).map((r) => systemNoteText(r.system_note, 'zh-CN'));

  describe('the API key', () => {
    const body = () => ({ platform: 'key-test', detections: [detection('SP-XC-001', 1)] });

    it('is required: none → 401, a user token does not replace it', async () => {
      const none = await ingest(body(), null);
      expect(none.status).toBe(401);
      expect((none.body as unknown as ErrorBody).error.code).toBe('API_KEY_REQUIRED');
      expect((await t.request('POST', '/api/v1/ingest/video', { token: admin, body: body() })).status).toBe(401);
    });

    it('must carry the scope `video`: an alarms key → 403 API_KEY_SCOPE, and nothing is written', async () => {
      const iot = await t.app.get(ApiKeysService).issue({ name: 'an IoT platform', scopes: ['alarms'] }, null);
      const res = await ingest(body(), iot.key);
      expect(res.status).toBe(403);
      expect((res.body as unknown as ErrorBody).error.code).toBe('API_KEY_SCOPE');
      expect(await ds.query(`SELECT 1 FROM video_detections WHERE platform = 'key-test'`)).toEqual([]);
    });

    it('accepts the demo key demo-video-key for a demo camera', async () => {
      const res = await ingest({ platform: 'demo-key-test', detections: [detection('SP-XC-001', 2, { categoryCode: 'E0507' })] }, 'demo-video-key');
      expect(res.status).toBe(200);
      expect(outcomes(res)).toEqual(['filed']);
    });
  });

  describe('the batch envelope', () => {
    it.each([
      ['no body', undefined],
      ['not an object', [1, 2]],
      ['no platform', { detections: [{}] }],
      ['detections not a list', { platform: 'p', detections: { a: 1 } }],
      ['an empty list', { platform: 'p', detections: [] }],
      ['an unknown field', { platform: 'p', detections: [{}], extra: 1 }],
    ])('%s → 400 in the error shape', async (_label, body) => {
      const res = await ingest(body);
      expect(res.status).toBe(400);
      expect((res.body as unknown as ErrorBody).error.code).toBe('VALIDATION_FAILED');
    });

    it(`more than ${MAX_DETECTIONS_PER_BATCH} detections → 413 BATCH_TOO_LARGE`, async () => {
      const res = await ingest({ platform: 'p', detections: Array.from({ length: MAX_DETECTIONS_PER_BATCH + 1 }, () => ({})) });
      expect(res.status).toBe(413);
      expect((res.body as unknown as ErrorBody).error.code).toBe('BATCH_TOO_LARGE');
    });

    it('takes a batch larger than the API-wide 1 MiB body limit (snapshots in base64), and answers 413 past its own limit', async () => {
      const cam = await newCamera('xincheng-02');
      // 3 noisy 900×900 PNGs are a few MiB in base64: over the 1 MiB other routes allow, under this route's limit
      const noisy = async (seed: number) => {
        const raw = Buffer.alloc(700 * 700 * 3);
        for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761 + seed * 97) % 251;
        return (await sharp(raw, { raw: { width: 700, height: 700, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer()).toString('base64');
      };
      const pngs = await Promise.all([1, 2].map(noisy));
      const big = await ingest({ platform: 'big', detections: pngs.map((snapshot, i) => detection(cam.id, 10 + i, { snapshot, categoryCode: 'E0506', confidence: 0.1 })) });
      // a 700×700 raw PNG is ~1.4 MiB: over the per-snapshot limit, refused on its own — but the batch was read
      expect(big.status).toBe(207);
      expect(big.body.results.map((r) => r.reason)).toEqual(['bad_image', 'bad_image']);
      const tooBig = await t.request('POST', '/api/v1/ingest/video', {
        rawBody: JSON.stringify({ platform: 'huge', detections: [{ snapshot: 'A'.repeat(40 * 1024 * 1024) }] }),
        headers: { 'x-api-key': videoKey, 'content-type': 'application/json' },
      });
      expect(tooBig.status).toBe(413);
    });
  });

  describe('a mixed batch', () => {
    it('answers each item: filed, duplicate, unknown camera, bad image, category not allowed, invalid — 207, in the batch order', async () => {
      const cam = await newCamera('xincheng-01');
      const good = detection(cam.id, 20, { message: '道路旁暴露垃圾' });
      const textAsImage = Buffer.from('this is not a photo, just text pretending to be one').toString('base64');
      const res = await ingest({
        platform: 'mixed',
        detections: [
          good,
          { ...good },
          detection('NO-SUCH-CAMERA', 21),
          detection(cam.id, 22, { categoryCode: 'E0506', snapshot: textAsImage }),
          detection(cam.id, 23, { categoryCode: 'E0507' }),
          { eventId: 'bad one', cameraId: cam.id, categoryCode: 'E0102', confidence: 1.5, detectedAt: 'yesterday', snapshot: jpeg },
        ],
      });
      expect(res.status).toBe(207);
      expect(outcomes(res)).toEqual(['filed', 'duplicate', 'refused', 'refused', 'refused', 'refused']);
      expect(res.body.results.map((r) => r.reason ?? null)).toEqual([null, null, 'unknown_camera', 'bad_image', 'category_not_allowed', 'invalid']);
      expect(res.body.results[3].message).toMatch(/只接受 JPEG.*this file is: text/);
      expect(res.body.results[5].details?.map((d) => d.path).sort()).toEqual(['confidence', 'detectedAt', 'eventId']);
      expect(res.body.counts).toEqual({ filed: 1, merged: 0, pending_confirmation: 0, duplicate: 1, refused: 4 });
      // the duplicate points at the same detection and case
      expect(res.body.results[1].caseId).toBe(res.body.results[0].caseId);
      expect(res.body.results[1].detectionId).toBe(res.body.results[0].detectionId);

      // the case: source video_ai at the camera, its category, the snapshot attached to it; in Postgres before the answer
      const cases = await casesOfCamera(cam.id);
      expect(cases).toEqual([
        { id: res.body.results[0].caseId, state: 'REPORTED', source: 'video_ai', category_code: 'E0102', grid_cell_code: cam.gridCellCode, district_code: cam.districtCode },
      ]);
      const row = await detectionRow('mixed', good.eventId);
      expect(row.status).toBe('filed');
      const [att] = (await ds.query(`SELECT case_id, mime FROM attachments WHERE id = $1`, [row.attachment_id])) as { case_id: string; mime: string }[];
      expect(att).toEqual({ case_id: cases[0].id, mime: 'image/jpeg' });
      const [{ description }] = (await ds.query(`SELECT description FROM cases WHERE id = $1`, [cases[0].id])) as { description: string }[];
      expect(description).toMatch(/^视频AI识别：暴露垃圾，测试摄像头 xincheng-01，.* 识别，置信度 95%。道路旁暴露垃圾$/);
      // refused items leave no row and no snapshot behind
      expect(await ds.query(`SELECT event_id FROM video_detections WHERE platform = 'mixed' ORDER BY id`)).toEqual([{ event_id: good.eventId }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM attachments WHERE uploaded_by = 'video:mixed'`)).toEqual([{ n: 1 }]);

      // the whole batch again: every taken item answers duplicate, nothing new is written
      const again = await ingest({ platform: 'mixed', detections: [good] });
      expect(again.status).toBe(200);
      expect(again.body.results[0]).toMatchObject({ outcome: 'duplicate', caseId: cases[0].id });
      expect(await casesOfCamera(cam.id)).toHaveLength(1);
    });

    it('an unknown or inactive camera, and a detection from the future, are refused', async () => {
      const cam = await newCamera('jinsha-01', ['E0102'], { active: false });
      const res = await ingest({ platform: 'refusals', detections: [detection(cam.id, 30), detection(cam.id, 31, { detectedAt: new Date(Date.now() + 3600_000).toISOString() })] });
      expect(res.body.results.map((r) => r.reason)).toEqual(['inactive_camera', 'detected_in_future']);
    });
  });

  describe('repeated detections', () => {
    it('of one camera and category merge into its open case as a note; another category is a case of its own', async () => {
      const cam = await newCamera('nujiang-01');
      const first = await ingest({ platform: 'repeat', detections: [detection(cam.id, 40)] });
      const caseId = first.body.results[0].caseId as string;
      const res = await ingest({ platform: 'repeat', detections: [detection(cam.id, 41, { confidence: 0.91 }), detection(cam.id, 42, { categoryCode: 'E0506' })] });
      expect(outcomes(res)).toEqual(['merged', 'filed']);
      expect(res.body.results[0].caseId).toBe(caseId);
      expect(res.body.results[1].caseId).not.toBe(caseId);
      const cases = await casesOfCamera(cam.id);
      expect(cases.map((c) => c.category_code)).toEqual(['E0102', 'E0506']);
      expect(await systemNotes(caseId)).toEqual([expect.stringMatching(/^同一摄像头重复识别（.*，置信度 0\.91），已并入本案$/)]);
      const merged = await detectionRow('repeat', res.body.results[0].eventId as string);
      expect(merged).toMatchObject({ status: 'merged', case_id: caseId });
    });

    it('once the case is closed or void, the next detection is a new case', async () => {
      const cam = await newCamera('nujiang-02');
      const first = await ingest({ platform: 'reopen', detections: [detection(cam.id, 50)] });
      const caseId = first.body.results[0].caseId as string;
      await ds.query(`UPDATE cases SET state = 'VOID' WHERE id = $1`, [caseId]);
      const next = await ingest({ platform: 'reopen', detections: [detection(cam.id, 51)] });
      expect(next.body.results[0].outcome).toBe('filed');
      expect(next.body.results[0].caseId).not.toBe(caseId);
    });
  });

  describe('the confirmation queue', () => {
    const queue = (token: string, query = '') => t.request<Page<DetectionView>>('GET', `/api/v1/video/detections${query}`, { token });

    it('a low-confidence detection waits: no case, listed at the desk with its snapshot, camera and confidence', async () => {
      const cam = await newCamera('meichuan-01');
      const low = detection(cam.id, 60, { confidence: DEFAULT_CONFIRM_BELOW - 0.2 });
      const res = await ingest({ platform: 'queue', detections: [low] });
      expect(res.status).toBe(200);
      expect(res.body.results[0]).toMatchObject({ outcome: 'pending_confirmation', caseId: null });
      expect(await casesOfCamera(cam.id)).toEqual([]);

      const list = await queue(operator, `?camera=${cam.id}`);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      const item = list.body.items[0];
      expect(item).toMatchObject({
        id: res.body.results[0].detectionId,
        status: 'pending',
        categoryCode: 'E0102',
        threshold: DEFAULT_CONFIRM_BELOW,
        camera: { id: cam.id, name: cam.name, districtCode: cam.districtCode },
        case: null,
      });
      expect(item.confidence).toBeCloseTo(DEFAULT_CONFIRM_BELOW - 0.2, 6);
      // the snapshot is readable through its signed link (no token needed), and it is not swept while it waits
      const photo = await t.app.inject({ method: 'GET', url: item.snapshot?.thumbUrl ?? '' });
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/webp');
      await t.app.get(AttachmentsService).purgeAbandoned(new Date(Date.now() + 48 * 3600_000));
      expect(await ds.query(`SELECT count(*)::int AS n FROM attachments WHERE id = $1`, [item.snapshot?.id])).toEqual([{ n: 1 }]);
    });

    it('confirm files the case through intake (source video_ai, the snapshot attached); a second decision is 409', async () => {
      const cam = await newCamera('meichuan-02');
      const res = await ingest({ platform: 'confirm', detections: [detection(cam.id, 70, { confidence: 0.3, categoryCode: 'E0506' })] });
      const id = res.body.results[0].detectionId as string;
      const done = await t.request<DetectionView>('POST', `/api/v1/video/detections/${id}/confirm`, { token: operator });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'confirmed', decidedBy: { name: expect.any(String) } });
      expect(done.body.case?.state).toBe('REPORTED');
      const cases = await casesOfCamera(cam.id);
      expect(cases).toHaveLength(1);
      expect(cases[0]).toMatchObject({ id: done.body.case?.id, source: 'video_ai', category_code: 'E0506' });
      expect(done.body.snapshot?.caseId).toBe(cases[0].id);
      const [report] = (await ds.query(`SELECT payload FROM case_events WHERE case_id = $1 AND type = 'report'`, [cases[0].id])) as { payload: { video: Record<string, unknown> } }[];
      expect(report.payload.video).toMatchObject({ platform: 'confirm', confidence: 0.3, confirmedBy: done.body.decidedBy?.name });

      const twice = await t.request('POST', `/api/v1/video/detections/${id}/confirm`, { token: lead });
      expect(twice.status).toBe(409);
      const reject = await t.request('POST', `/api/v1/video/detections/${id}/reject`, { token: lead, body: { reason: '太晚了' } });
      expect(reject.status).toBe(409);
      expect(await casesOfCamera(cam.id)).toHaveLength(1);
      // a confirmed detection with an open case of its camera and category merges into it
      const more = await ingest({ platform: 'confirm', detections: [detection(cam.id, 71, { confidence: 0.3, categoryCode: 'E0506' })] });
      const merged = await t.request<DetectionView>('POST', `/api/v1/video/detections/${more.body.results[0].detectionId}/confirm`, { token: lead });
      expect(merged.body).toMatchObject({ status: 'merged', case: { id: cases[0].id } });
      expect(await casesOfCamera(cam.id)).toHaveLength(1);
    });

    it('a rejected detection is kept with its reason and never becomes a case; admins see the camera’s rejection rate', async () => {
      const cam = await newCamera('xincheng-03');
      const res = await ingest({ platform: 'reject', detections: [detection(cam.id, 80, { confidence: 0.2 }), detection(cam.id, 81, { confidence: 0.25, categoryCode: 'E0506' })] });
      const [a, b] = res.body.results.map((r) => r.detectionId as string);
      const noReason = await t.request('POST', `/api/v1/video/detections/${a}/reject`, { token: operator, body: {} });
      expect(noReason.status).toBe(400);
      const rejected = await t.request<DetectionView>('POST', `/api/v1/video/detections/${a}/reject`, { token: operator, body: { reason: '阴影误识别为垃圾' } });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', reason: '阴影误识别为垃圾', case: null });
      expect(await t.request('POST', `/api/v1/video/detections/${a}/confirm`, { token: lead })).toMatchObject({ status: 409 });
      await t.request('POST', `/api/v1/video/detections/${b}/confirm`, { token: operator });
      // the rejected one never became a case: only the confirmed one's
      expect((await casesOfCamera(cam.id)).map((c) => c.category_code)).toEqual(['E0506']);
      expect((await queue(operator, `?status=rejected&camera=${cam.id}`)).body.items.map((i) => i.id)).toEqual([a]);
      expect((await queue(operator, `?camera=${cam.id}`)).body.items).toEqual([]);
      // the same detection resent is still a duplicate, not a second chance
      const resend = await ingest({ platform: 'reject', detections: [{ ...detection(cam.id, 80, { confidence: 0.99 }), eventId: res.body.results[0].eventId }] });
      expect(resend.body.results[0]).toMatchObject({ outcome: 'duplicate', caseId: null });
      const camera = await t.request<CameraView>('GET', `/api/v1/cameras/${cam.id}`, { token: admin });
      expect(camera.body).toMatchObject({ decided: 2, rejected: 1, rejectionRate: 0.5 });
    });

    it('a per-category threshold set by an admin decides what waits', async () => {
      const cam = await newCamera('jinsha-02', ['E0507']);
      const set = await t.request<ThresholdView>('PUT', '/api/v1/video/thresholds/E0507', { token: admin, body: { confirmBelow: 0.97 } });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ categoryCode: 'E0507', confirmBelow: 0.97, set: true });
      const res = await ingest({ platform: 'threshold', detections: [detection(cam.id, 90, { categoryCode: 'E0507', confidence: 0.95 })] });
      expect(res.body.results[0].outcome).toBe('pending_confirmation');
      const all = await t.request<ThresholdView[]>('GET', '/api/v1/video/thresholds', { token: operator });
      expect(all.body.find((x) => x.categoryCode === 'E0507')).toMatchObject({ confirmBelow: 0.97, set: true });
      expect(all.body.find((x) => x.categoryCode === 'E0506')).toMatchObject({ confirmBelow: DEFAULT_CONFIRM_BELOW, set: false });
      expect((await t.request('PUT', '/api/v1/video/thresholds/E0507', { token: admin, body: { confirmBelow: 2 } })).status).toBe(400);
      expect((await t.request('PUT', '/api/v1/video/thresholds/Z9999', { token: admin, body: { confirmBelow: 0.5 } })).status).toBe(404);
      expect((await t.request('PUT', '/api/v1/video/thresholds/E0507', { token: operator, body: { confirmBelow: 0.1 } })).status).toBe(403);
    });

    it('roles and 片区: the desk decides, supervisors read, grid workers and units are kept out; bad ids are 404', async () => {
      const cam = await newCamera('jinsha-03');
      const res = await ingest({ platform: 'roles', detections: [detection(cam.id, 100, { confidence: 0.1 })] });
      const id = res.body.results[0].detectionId as string;
      expect((await queue(supervisor)).status).toBe(200);
      expect((await queue(xinchengWorker)).status).toBe(403);
      expect((await queue(unitStaff)).status).toBe(403);
      expect((await t.request('POST', `/api/v1/video/detections/${id}/confirm`, { token: supervisor })).status).toBe(403);
      expect((await t.request('POST', `/api/v1/video/detections/${id}/reject`, { token: xinchengWorker, body: { reason: 'x' } })).status).toBe(403);
      expect((await t.request('POST', `/api/v1/video/detections/not-an-id/confirm`, { token: operator })).status).toBe(404);
      expect((await t.request('POST', `/api/v1/video/detections/999999999/confirm`, { token: operator })).status).toBe(404);
      expect((await queue(operator, '?status=maybe')).status).toBe(400);
      expect((await t.request('GET', `/api/v1/video/detections/${id}`, { token: operator })).status).toBe(200);
    });
  });

  describe('the camera registry', () => {
    it('admins register cameras: 片区 and cell from the point; unknown category 400, outside town 422, taken id 409; others 403', async () => {
      const cam = await newCamera('meichuan-03', ['E0504']);
      expect(cam).toMatchObject({ districtCode: 'meichuan', gridCellCode: 'meichuan-03', categories: ['E0504'], active: true, rejectionRate: null });
      const post = (token: string, body: Record<string, unknown>) => t.request('POST', '/api/v1/cameras', { token, body });
      const ok = { id: uniq('T-CAM'), name: 'x', location: sampleInteriorPoint('meichuan-03', 3), categories: ['E0504'] };
      expect((await post(admin, { ...ok, categories: ['Z9999'] })).status).toBe(400);
      expect((await post(admin, { ...ok, categories: [] })).status).toBe(400);
      expect((await post(admin, { ...ok, location: { lat: 31.5, lng: 121.9 } })).status).toBe(422);
      expect((await post(admin, { ...ok, id: cam.id })).status).toBe(409);
      expect((await post(operator, ok)).status).toBe(403);
      const moved = await t.request<CameraView>('PATCH', `/api/v1/cameras/${cam.id}`, { token: admin, body: { location: sampleInteriorPoint('meichuan-01', 2), categories: ['E0504', 'E0102'] } });
      expect(moved.body).toMatchObject({ gridCellCode: 'meichuan-01', categories: ['E0504', 'E0102'] });
      expect((await t.request('PATCH', `/api/v1/cameras/${cam.id}`, { token: admin, body: {} })).status).toBe(400);
      expect((await t.request('PATCH', `/api/v1/cameras/NOPE-1`, { token: admin, body: { active: false } })).status).toBe(404);
    });

    it('grid workers read their own 片区’s cameras only; demo mode seeds two per 片区', async () => {
      const mine = await t.request<Page<CameraView>>('GET', '/api/v1/cameras?limit=200', { token: xinchengWorker });
      expect(mine.status).toBe(200);
      expect(new Set(mine.body.items.map((c) => c.districtCode))).toEqual(new Set(['xincheng']));
      expect((await t.request('GET', '/api/v1/cameras/SP-JS-001', { token: xinchengWorker })).status).toBe(404);
      const all = await t.request<Page<CameraView>>('GET', '/api/v1/cameras?q=SP-', { token: operator });
      expect(all.body.items.map((c) => c.id)).toEqual(['SP-JS-001', 'SP-JS-002', 'SP-MC-001', 'SP-MC-002', 'SP-NJ-001', 'SP-NJ-002', 'SP-XC-001', 'SP-XC-002']);
      expect((await t.request('GET', '/api/v1/cameras', { token: unitStaff })).status).toBe(403);
    });
  });
});
