import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The built console on the API's own port: static files, and index.html for any other GET that is not an API,
 * docs, health or socket path (client-side routes like /cases/:id).
 */
export async function serveConsole(app: NestFastifyApplication, consoleDist: string | undefined): Promise<void> {
  const root = path.resolve(consoleDist ?? path.join(__dirname, '../../../console/dist'));
  if (!existsSync(path.join(root, 'index.html'))) return;
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: ['index.html'] });
  // a catch-all GET: more specific routes (the API's, the static files') win in Fastify's router. /admin is the
  // console's admin screen; only /admin/queues (bull-board) is not a page
  fastify.get('/*', (req, reply) => {
    const isPage = !/^\/(api|admin\/queues|health|socket\.io|open311)(\/|$)/.test(req.url) && (req.headers.accept ?? '').includes('text/html');
    if (isPage) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route GET ${req.url.split('?')[0].slice(0, 200)}` } });
  });
}
