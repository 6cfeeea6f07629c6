import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ApiError, badRequest, type AppConfig } from '@gridops/server';

/** The only routes that take multipart/form-data (file uploads); every other route keeps refusing it with 415. */
export const MULTIPART_ROUTES: RegExp[] = [/^\/api\/v1\/attachments\/?(\?.*)?$/, /^\/api\/v1\/hotline-imports\/?(\?.*)?$/, /^\/api\/v1\/admin\/geography\/(dry-run|apply)\/?(\?.*)?$/, /^\/api\/v1\/addresses\/import\/?(\?.*)?$/];

const MULTIPART = /^multipart\/form-data\b/i;

/**
 * Uploads: @fastify/multipart with tight limits — one file, a few small fields. The per-route file size is set where
 * the file is read (readSingleFile); the plugin's own limit is the largest of them.
 */
export async function setupMultipart(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: Math.max(config.UPLOAD_MAX_BYTES, config.HOTLINE_IMPORT_MAX_BYTES, config.GEOGRAPHY_IMPORT_MAX_BYTES),
      files: 1,
      fields: 10,
      parts: 12,
      fieldNameSize: 100,
      fieldSize: 4096,
      headerPairs: 50,
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (req, reply, done) => {
      if (MULTIPART.test(req.headers['content-type'] ?? '') && !(req.method === 'POST' && MULTIPART_ROUTES.some((r) => r.test(req.url)))) {
        void reply
          .status(415)
          .header('content-type', 'application/json; charset=utf-8')
          .send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'send the body as application/json (multipart/form-data is for uploads only)' } });
        return;
      }
      done();
    });
}

export interface UploadedFile {
  data: Buffer;
  /** as the client named it: display text only, never a path */
  fileName: string | null;
  /** the form's other fields (text values only) */
  fields: Record<string, string>;
}

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

/**
 * Read the one file of a multipart upload into memory (bounded by `maxBytes`) with its text fields, in either order.
 * Every way an upload can be wrong answers a 4xx in the one error shape.
 */
export async function readSingleFile(req: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  if (!req.isMultipart()) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data with a field named "file"');
  let file: { data: Buffer; fileName: string | null } | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes } })) {
      if (part.type === 'file') {
        // the stream must be drained either way; toBuffer throws once the limit is passed
        const data = await part.toBuffer();
        if (file) throw badRequest('send one file per upload');
        file = { data, fileName: part.filename || null };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `文件超过 ${mib(maxBytes)} 上限 / the file is larger than the ${mib(maxBytes)} limit`, { maxBytes });
    }
    if (code === 'FST_FILES_LIMIT') throw badRequest('send one file per upload');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw badRequest('the upload has too many form fields');
    if (code === 'FST_PROTO_VIOLATION') throw badRequest('a form field name is not allowed');
    throw badRequest('the multipart body is malformed or was cut off');
  }
  if (!file) throw new ApiError(400, 'FILE_REQUIRED', 'the upload has no file: send it in a form field named "file"');
  return { ...file, fields };
}
