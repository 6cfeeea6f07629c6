import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@gridops/server';
import { TEST_REDIS_URL, createTestDatabase, startInProcessWorker, type TestDatabase } from '@gridops/server-testing';
import { createApp } from '../../src/bootstrap/create-app';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  config: AppConfig;
  /** the pipeline (relay + processors) in this process, when started with `{ worker: true }` */
  worker: INestApplicationContext | null;
  request<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, opts?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<Answer<T>>;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API (same createApp as main.ts) on a private copy of the seeded database and its own Redis prefix,
 * driven through Fastify's inject: the whole HTTP pipeline, no port.
 */
export async function startTestApp(opts: { worker?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const suffix = randomBytes(4).toString('hex');
  // photos go to a private folder per suite, removed at the end
  const uploadDir = join(tmpdir(), `gridops-test-uploads-${suffix}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `gridops-test-${suffix}`,
    UPLOAD_DIR: uploadDir,
    LOG_LEVEL: 'silent',
    DEMO: 'true',
    ...opts.env,
  });
  const app = await createApp(config);
  const worker = opts.worker ? await startInProcessWorker(config) : null;
  const tokens = new Map<string, string>();

  const request: TestApp['request'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.inject({ method, url, headers, payload });
    const text = res.body;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.statusCode, body: body as never, headers: res.headers };
  };

  return {
    app,
    db,
    config,
    worker,
    request,
    async login(username, password = 'gridops-demo') {
      const cached = tokens.get(username);
      if (cached && password === 'gridops-demo') return cached;
      const res = await request<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      tokens.set(username, res.body.accessToken);
      return res.body.accessToken;
    },
    async close() {
      await worker?.close();
      await app.close();
      await db.drop();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}
