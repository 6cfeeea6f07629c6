import { DataSource } from 'typeorm';
import type { CameraView } from '@gridops/contracts';
import { SYSTEM, systemNoteText, type SystemNote } from '@gridops/domain';
import { IntakeService } from '@gridops/server';
import { waitFor } from '@gridops/server-testing';
import { startTestApp, type TestApp } from './support/test-app';
import { sampleInteriorPoint } from './support/fixtures';

/**
 * 视频AI and the pipeline: two detections of one camera and category that both got past the ingest's open-case check
 * (two deliveries at the same instant) end as one open case — the intake job merges the younger into the older by
 * the rule devices use too (cases/sensor-cases.ts); another category of the same camera stays a case of its own.
 */
describe('video cases in the pipeline', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    ds = t.app.get(DataSource);
    admin = await t.login('admin');
  });
  afterAll(() => t.close());

  const by = { actor: SYSTEM, name: '视频AI race', principal: 'video:race' };
  const file = (cam: CameraView, categoryCode: string, at: Date) =>
    t.app.get(IntakeService).report({ source: 'video_ai', categoryCode, description: `视频AI识别 race ${categoryCode}`, location: cam.location }, by, undefined, at, { cameraId: cam.id });
  const state = async (id: string) => ((await ds.query(`SELECT state, duplicate_of FROM cases WHERE id = $1`, [id])) as { state: string; duplicate_of: string | null }[])[0];

  it('the intake job merges a racing case of the same camera and category into the older one, and leaves another category alone', async () => {
    const res = await t.request<CameraView>('POST', '/api/v1/cameras', {
      token: admin,
      body: { id: 'T-CAM-RACE', name: '竞速摄像头', location: sampleInteriorPoint('jinsha-04', 3), categories: ['E0102', 'E0506'] },
    });
    expect(res.status).toBe(201);
    const cam = res.body;
    const now = Date.now();
    const older = await file(cam, 'E0102', new Date(now - 2000));
    const younger = await file(cam, 'E0102', new Date(now - 1000));
    const other = await file(cam, 'E0506', new Date(now - 500));

    await waitFor(async () => (await state(younger.caseId)).state === 'VOID', { what: 'the younger racer to be merged' });
    expect(await state(younger.caseId)).toEqual({ state: 'VOID', duplicate_of: older.caseId });
    const notes = (await ds.query(`SELECT system_note FROM case_events WHERE case_id = $1 AND type = 'merge'`, [younger.caseId])) as { system_note: SystemNote }[];
    expect(notes.map((n) => systemNoteText(n.system_note, 'zh-CN'))).toEqual(['摄像头 T-CAM-RACE 的重复识别']);
    // the older one and the other category's case carry on (waiting for an operator: video cases are not auto-filed)
    await waitFor(async () => (await ds.query(`SELECT 1 FROM outbox WHERE published_at IS NULL`)).length === 0, { what: 'the outbox to drain' });
    expect((await state(older.caseId)).state).toBe('REPORTED');
    expect((await state(other.caseId)).state).toBe('REPORTED');
  });
});
