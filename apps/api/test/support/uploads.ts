import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { AttachmentView } from '@gridops/contracts';
import type { Answer, TestApp } from './test-app';

export type Part = { name: string; value: string } | { name: string; filename: string; contentType: string; data: Buffer };

/** A multipart/form-data body, built by hand so a test can send exactly the bytes, names and types it means to. */
export function multipartBody(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----gridops${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('data' in p) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.contentType}\r\n\r\n`));
      chunks.push(p.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST a multipart body; the answer parsed like TestApp.request's. */
export async function postMultipart<T = unknown>(t: TestApp, url: string, token: string | undefined, parts: Part[]): Promise<Answer<T>> {
  const { payload, contentType } = multipartBody(parts);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await t.app.inject({ method: 'POST', url, headers, payload });
  let body: unknown = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body: body as T, headers: res.headers };
}

/** A small real JPEG (a coloured square). */
export function jpeg(width = 64, height = 48, colour = '#3a7'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer();
}

/** Upload a photo as `token`'s user and return its id (for attachmentIds). */
export async function uploadPhoto(t: TestApp, token: string, kind: 'before' | 'after' | 'report' | 'other' = 'after'): Promise<string> {
  const res = await postMultipart<AttachmentView>(t, '/api/v1/attachments', token, [
    { name: 'kind', value: kind },
    { name: 'file', filename: `${kind}.jpg`, contentType: 'image/jpeg', data: await jpeg() },
  ]);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
