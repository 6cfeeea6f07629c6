import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import type { AttachmentView, CaseView, ErrorBody } from '@gridops/contracts';
import { AttachmentUrlSigner, AttachmentsService } from '@gridops/server';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { act, createCase, getCase, must, sampleInteriorPoint } from './support/fixtures';
import { jpeg, postMultipart, uploadPhoto, type Part } from './support/uploads';

/** Photos: upload checks by content, EXIF/GPS stripped, thumbnails, storage keys, access by case scope, after-photo rule. */
describe('photos and attachments', () => {
  let t: TestApp;
  let operator: string, lead: string, worker: string, worker2: string, workerJinsha: string, unit: string;

  beforeAll(async () => {
    t = await startTestApp();
    [operator, lead, worker, worker2, workerJinsha, unit] = await Promise.all(
      ['operator', 'lead', 'worker.xincheng', 'worker2.xincheng', 'worker.jinsha', 'unit.shirong'].map((u) => t.login(u)),
    );
  });
  afterAll(() => t.close());

  const file = (data: Buffer, filename = 'photo.jpg', contentType = 'image/jpeg'): Part => ({ name: 'file', filename, contentType, data });
  const upload = (token: string, parts: Part[]) => postMultipart<AttachmentView & ErrorBody>(t, '/api/v1/attachments', token, parts);
  const download = async (url: string, token?: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.statusCode, headers: res.headers, data: res.rawPayload, json: () => JSON.parse(res.body) as ErrorBody };
  };
  const expectError = (res: Answer<unknown>, status: number, code: string) => {
    expect({ status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ status, code });
    expect(typeof (res.body as ErrorBody).error.message).toBe('string');
  };

  /** A JPEG from a phone: rotated by EXIF orientation 6 and carrying the GPS position where it was taken. */
  const phoneJpeg = () =>
    sharp({ create: { width: 120, height: 80, channels: 3, background: '#c44' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: 'GridPhone', Model: 'X1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 4200/100', GPSLongitudeRef: 'E', GPSLongitude: '121/1 22/1 4800/100' },
      })
      .toBuffer();

  describe('upload', () => {
    it('takes a JPEG, strips EXIF and GPS, applies the orientation, and makes a thumbnail', async () => {
      const original = await phoneJpeg();
      const before = await sharp(original).metadata();
      expect(before.exif?.toString('latin1')).toContain('GridPhone'); // the test image really carries EXIF

      const res = await upload(worker, [{ name: 'kind', value: 'before' }, file(original, 'IMG_0001.JPG')]);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'before', mime: 'image/jpeg', width: 80, height: 120, originalName: 'IMG_0001.JPG', caseId: null });
      expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(res.body.url).toMatch(new RegExp(`^/api/v1/attachments/${res.body.id}\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));

      const stored = await download(`/api/v1/attachments/${res.body.id}`, worker);
      expect(stored.status).toBe(200);
      expect(stored.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(stored.data).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect([meta.width, meta.height]).toEqual([80, 120]);
      expect(stored.data.toString('latin1')).not.toContain('GridPhone');
      expect(res.body.size).toBe(stored.data.length);

      const thumb = await download(`/api/v1/attachments/${res.body.id}/thumb`, worker);
      expect(thumb.status).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      const tm = await sharp(thumb.data).metadata();
      expect(tm.format).toBe('webp');
      expect(Math.max(tm.width ?? 0, tm.height ?? 0)).toBeLessThanOrEqual(320);
    });

    it('takes PNG and WebP as themselves, large ones scaled to a 320 px thumbnail', async () => {
      const png = await sharp({ create: { width: 900, height: 600, channels: 4, background: '#08f8' } }).png().toBuffer();
      const webp = await sharp({ create: { width: 400, height: 700, channels: 3, background: '#fa0' } }).webp().toBuffer();
      for (const [data, mime, w, h] of [
        [png, 'image/png', 320, 213],
        [webp, 'image/webp', 183, 320],
      ] as const) {
        const res = await upload(worker, [file(data, `x.${mime.split('/')[1]}`, mime)]);
        expect(res.status).toBe(201);
        expect(res.body.mime).toBe(mime);
        expect(res.body.kind).toBe('other');
        const thumb = await download(res.body.thumbUrl);
        const tm = await sharp(thumb.data).metadata();
        expect([tm.width, tm.height]).toEqual([w, h]);
      }
    });

    it('takes HEIF and stores it as JPEG, and refuses a HEIC it cannot decode with a clear reason', async () => {
      const heif = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0a0' } }).heif({ compression: 'av1' }).toBuffer();
      const ok = await upload(worker, [file(heif, 'IMG_0002.HEIC', 'image/heic')]);
      expect(ok.status).toBe(201);
      expect(ok.body.mime).toBe('image/jpeg');
      expect((await sharp((await download(ok.body.url)).data).metadata()).format).toBe('jpeg');

      // a HEIC header over bytes that are not an image
      const fake = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(200, 7)]);
      const bad = await upload(worker, [file(fake, 'IMG_0003.HEIC', 'image/heic')]);
      expect([415, 422]).toContain(bad.status);
      expect(['IMAGE_UNREADABLE', 'HEIC_NOT_DECODABLE']).toContain(bad.body.error.code);
    });

    it('refuses a file over the size limit with 413 in the error shape', async () => {
      const big = Buffer.concat([await jpeg(), Buffer.alloc(t.config.UPLOAD_MAX_BYTES + 1, 1)]);
      const res = await upload(worker, [file(big, 'huge.jpg')]);
      expectError(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(res.body.error.message).toMatch(/10 MiB/);
    });

    it('refuses a text file, and a text file that claims to be a JPEG by its name and type', async () => {
      const text = Buffer.from('just some notes, not a photo\n'.repeat(20));
      const plain = await upload(worker, [file(text, 'notes.txt', 'text/plain')]);
      expectError(plain, 415, 'UNSUPPORTED_MEDIA_TYPE');
      const liar = await upload(worker, [file(text, 'photo.jpg', 'image/jpeg')]);
      expectError(liar, 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(liar.body.error.message).toMatch(/text/);
      // a GIF is an image, but not one of ours
      const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
      expectError(await upload(worker, [file(gif, 'a.jpg', 'image/jpeg')]), 415, 'UNSUPPORTED_MEDIA_TYPE');
      // the first bytes of a JPEG and nothing after them
      expectError(await upload(worker, [file(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'cut.jpg')]), 422, 'IMAGE_UNREADABLE');
    });

    it('keeps a path-traversal file name away from the file system: only a display name is kept', async () => {
      const res = await upload(worker, [file(await jpeg(), '../../etc/passwd.jpg')]);
      expect(res.status).toBe(201);
      expect(res.body.originalName).toBe('passwd.jpg');
      const weird = await upload(worker, [file(await jpeg(), '..\\..\\windows\\\u202egpj.exe')]);
      expect(weird.status).toBe(201);
      expect(weird.body.originalName).toBe('gpj.exe');

      const ds = t.app.get(DataSource);
      const rows = (await ds.query(`SELECT storage_key, thumb_key FROM attachments WHERE id = ANY($1)`, [[res.body.id, weird.body.id]])) as { storage_key: string; thumb_key: string }[];
      for (const r of rows) {
        expect(r.storage_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}\.jpg$/);
        expect(r.thumb_key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}\.thumb\.webp$/);
      }
      // every file written is inside the upload folder and named by an id
      const root = resolve(t.config.UPLOAD_DIR);
      const files = await readdir(root, { recursive: true });
      for (const f of files.filter((f) => f.includes('.'))) {
        expect(resolve(join(root, f)).startsWith(root)).toBe(true);
        expect(relative(root, join(root, f))).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}(\.thumb)?\.(jpg|png|webp)$/);
      }
      const download1 = await download(`/api/v1/attachments/${res.body.id}`, worker);
      expect(download1.headers['content-disposition']).toBe(`inline; filename="passwd.jpg"; filename*=UTF-8''passwd.jpg`);
    });

    it('refuses uploads that are not one file in multipart/form-data, and a kind it does not know', async () => {
      expectError(await t.request('POST', '/api/v1/attachments', { token: worker, body: { file: 'x' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await upload(worker, [{ name: 'kind', value: 'after' }]), 400, 'FILE_REQUIRED');
      expectError(await upload(worker, [{ name: 'kind', value: 'selfie' }, file(await jpeg())]), 400, 'VALIDATION_FAILED');
      expectError(await upload(worker, [file(await jpeg()), file(await jpeg(), 'b.jpg')]), 400, 'VALIDATION_FAILED');
      expectError(await upload(worker, [file(Buffer.alloc(0), 'empty.jpg')]), 400, 'EMPTY_FILE');
      expectError(await postMultipart(t, '/api/v1/attachments', undefined, [file(await jpeg())]), 401, 'UNAUTHORIZED');
      // multipart is for the upload routes only
      expectError(await postMultipart(t, '/api/v1/reports', operator, [file(await jpeg())]), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('reading photos', () => {
    it('shows an unattached upload to its uploader only; an attached one to whoever may read the case', async () => {
      const id = await uploadPhoto(t, worker, 'report');
      expect((await download(`/api/v1/attachments/${id}`, worker)).status).toBe(200);
      for (const other of [worker2, workerJinsha, operator]) expect((await download(`/api/v1/attachments/${id}`, other)).status).toBe(404);
      expect((await download(`/api/v1/attachments/${id}`)).status).toBe(401);

      const c = await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-02'), attachmentIds: [id] });
      for (const [who, status] of [
        [worker, 200],
        [worker2, 200],
        [operator, 200],
        [workerJinsha, 404],
        [unit, 404],
      ] as const) {
        expect({ who, status: (await download(`/api/v1/attachments/${id}`, who)).status }).toEqual({ who, status });
        expect({ who, status: (await download(`/api/v1/attachments/${id}/thumb`, who)).status }).toEqual({ who, status });
      }
      // a 金沙 worker cannot reach it through the case either
      expect((await t.request('GET', `/api/v1/cases/${c.id}`, { token: workerJinsha })).status).toBe(404);
    });

    it('serves signed URLs without a token until they expire; a changed signature or id is refused', async () => {
      const id = await uploadPhoto(t, worker);
      const c = await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-01'), attachmentIds: [id] });
      const view = await getCase(t, operator, c.id);
      const photo = view.attachments.find((a) => a.id === id)!;
      const ok = await download(photo.url);
      expect(ok.status).toBe(200);
      expect(ok.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
      expect((await download(photo.thumbUrl)).headers['content-type']).toBe('image/webp');

      const tampered = photo.url.replace(/sig=(.)/, (_m, ch: string) => `sig=${ch === 'A' ? 'B' : 'A'}`);
      expect((await download(tampered)).json().error.code).toBe('INVALID_SIGNATURE');
      // the file's signature does not open the thumbnail, nor another photo
      const sig = photo.url.split('?')[1];
      expect((await download(`/api/v1/attachments/${id}/thumb?${sig}`)).status).toBe(403);
      const other = await uploadPhoto(t, worker);
      expect((await download(`/api/v1/attachments/${other}?${sig}`)).status).toBe(403);

      const signer = t.app.get(AttachmentUrlSigner);
      const stale = signer.sign(id, 'file', new Date(Date.now() - 3 * 3600_000), 60).url;
      const expired = await download(stale);
      expect(expired.status).toBe(403);
      expect(expired.json().error.code).toBe('LINK_EXPIRED');
    });

    it('lets the uploader delete an unattached photo, never an attached one', async () => {
      const id = await uploadPhoto(t, worker);
      expect((await t.request('DELETE', `/api/v1/attachments/${id}`, { token: worker2 })).status).toBe(404);
      expect((await t.request('DELETE', `/api/v1/attachments/${id}`, { token: worker })).status).toBe(204);
      expect((await download(`/api/v1/attachments/${id}`, worker)).status).toBe(404);
      const kept = await uploadPhoto(t, worker);
      await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-03'), attachmentIds: [kept] });
      expectError(await t.request('DELETE', `/api/v1/attachments/${kept}`, { token: worker }), 422, 'ATTACHMENT_ATTACHED');
    });
  });

  describe('attaching to reports and actions', () => {
    it('attaches photos to a report: the case lists them and the report event names them', async () => {
      const a = await uploadPhoto(t, operator, 'report');
      const b = await uploadPhoto(t, operator, 'report');
      const c = await createCase(t, operator, { location: sampleInteriorPoint('xincheng-01'), attachmentIds: [a, b] });
      const view = await getCase(t, operator, c.id);
      expect(view.attachments.map((x) => x.id)).toEqual([a, b]);
      expect(view.attachments.every((x) => x.caseId === c.id && x.eventSeq === view.timeline[0].seq)).toBe(true);
      expect(view.timeline[0]).toMatchObject({ type: 'report', attachmentIds: [a, b] });
      expect(view.attachments[0].uploadedBy.name).toBeTruthy();

      // a photo belongs to one case: attaching it again is refused, and so is someone else's upload
      const again = await t.request<ErrorBody>('POST', '/api/v1/reports', {
        token: operator,
        body: { source: 'hotline_12345', categoryCode: 'E0102', description: '再报', location: sampleInteriorPoint('xincheng-01'), attachmentIds: [a] },
      });
      expectError(again, 422, 'INVALID_ATTACHMENT');
      const theirs = await uploadPhoto(t, lead, 'report');
      const foreign = await t.request<ErrorBody>('POST', '/api/v1/reports', {
        token: operator,
        body: { source: 'hotline_12345', categoryCode: 'E0102', description: '他人照片', location: sampleInteriorPoint('xincheng-01'), attachmentIds: [theirs] },
      });
      expectError(foreign, 422, 'INVALID_ATTACHMENT');
      // a refused report attached nothing: the photo is still its uploader's to use
      const view2 = await getCase(t, operator, (await createCase(t, lead, { location: sampleInteriorPoint('xincheng-01'), attachmentIds: [theirs] })).id);
      expect(view2.attachments.map((x) => x.id)).toEqual([theirs]);
    });

    /** A 新城 hotline case of `category`, dispatched to 市容 and accepted. */
    async function inProgress(categoryCode: string): Promise<string> {
      const c = await createCase(t, operator, { categoryCode, location: sampleInteriorPoint('xincheng-04') });
      await must(t, operator, c.id, 'register');
      await must(t, lead, c.id, 'file');
      await must(t, operator, c.id, 'dispatch', { assignee: { unitCode: 'shirong' } });
      await must(t, unit, c.id, 'accept');
      return c.id;
    }

    it('refuses handle without an after-photo where the category requires one (暴露垃圾), and takes it with one', async () => {
      const id = await inProgress('E0102');
      const noteOnly = await act(t, unit, id, 'handle', { note: '已清运' });
      expectError(noteOnly, 400, 'VALIDATION_FAILED');
      expect((noteOnly.body as unknown as ErrorBody).error.message).toMatch(/after-photo/);
      const beforeOnly = await act(t, unit, id, 'handle', { note: '已清运', attachmentIds: [await uploadPhoto(t, unit, 'before')] });
      expectError(beforeOnly, 400, 'VALIDATION_FAILED');
      // the refused attempt attached nothing
      expect((await getCase(t, operator, id)).attachments).toEqual([]);

      const before = await uploadPhoto(t, unit, 'before');
      const after = await uploadPhoto(t, unit, 'after');
      const handled = await must(t, unit, id, 'handle', { note: '已清运', attachmentIds: [before, after] });
      expect(handled.case.state).toBe('HANDLED');
      const event = handled.timeline.find((e) => e.type === 'handle')!;
      expect(event.attachmentIds).toEqual([before, after]);
      expect(handled.attachments.map((a) => [a.id, a.kind, a.eventSeq])).toEqual([
        [before, 'before', event.seq],
        [after, 'after', event.seq],
      ]);
    });

    it('takes handle with a note alone where the category needs no photo (施工扰民)', async () => {
      const id = await inProgress('E0301');
      const handled = await must(t, unit, id, 'handle', { note: '已劝停夜间施工' });
      expect(handled.case.state).toBe('HANDLED');
    });

    it('asks self-dispose for an after-photo too', async () => {
      const c = await createCase(t, worker, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-03') });
      expectError(await act(t, worker, c.id, 'self-dispose', { note: '已当场清理' }), 400, 'VALIDATION_FAILED');
      const done = await must(t, worker, c.id, 'self-dispose', { note: '已当场清理', attachmentIds: [await uploadPhoto(t, worker)] });
      expect(done.case.state).toBe('SELF_DISPOSED');
    });

    it('refuses a photo uploaded by someone else on an action, and lists the photos of every step on the case', async () => {
      const id = await inProgress('E0102');
      const workersPhoto = await uploadPhoto(t, worker);
      expectError(await act(t, unit, id, 'handle', { note: 'x', attachmentIds: [workersPhoto] }), 422, 'INVALID_ATTACHMENT');
      const comment = await must(t, operator, id, 'comment', { note: '现场照片', attachmentIds: [await uploadPhoto(t, operator, 'other')] });
      const view: CaseView = comment;
      expect(view.timeline.at(-1)).toMatchObject({ type: 'comment', attachmentIds: [view.attachments[0].id] });
    });
  });

  it('sweeps abandoned uploads (rows and files) and never an attached photo', async () => {
    const abandoned = await uploadPhoto(t, worker2);
    const kept = await uploadPhoto(t, worker2);
    await createCase(t, worker2, { source: 'patrol', reporter: undefined, location: sampleInteriorPoint('xincheng-02'), attachmentIds: [kept] });
    const files = async () => (await readdir(resolve(t.config.UPLOAD_DIR), { recursive: true })).filter((f) => f.includes('.')).join('\n');
    expect(await files()).toContain(abandoned);

    // as if a day had passed: everything unattached so far is abandoned
    const swept = await t.app.get(AttachmentsService).purgeAbandoned(new Date(Date.now() + 1000));
    expect(swept).toBeGreaterThanOrEqual(1);
    expect((await download(`/api/v1/attachments/${abandoned}`, worker2)).status).toBe(404);
    expect(await files()).not.toContain(abandoned);
    expect((await download(`/api/v1/attachments/${kept}`, worker2)).status).toBe(200);
  });
});
