import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QUEUE_NAMES } from '@gridops/contracts';
import { AuthService, JobQueueService, findUnstorableText, type Principal } from '@gridops/server';
import { FailedLogins, TooManyFailedLogins } from './failed-logins';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * bull-board for admins, at /admin/queues. A browser can't attach our bearer token to the board's own requests, so
 * the board asks for HTTP Basic credentials of an admin user. The hook sits in the plugin's scope, so it guards
 * every route under the mount — the page and the board's JSON API and actions alike.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const jobs = app.get(JobQueueService);
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: QUEUE_NAMES.map((q) => new BullMQAdapter(jobs.queue(q))), serverAdapter: board });
  const signIn = adminSignIn(app, 'gridops queues', 'the queue board is for admins: sign in with an admin username and password');
  await app.getHttpAdapter().getInstance().register(async (scope) => {
    scope.addHook('onRequest', signIn);
    // the edge check of every API route (StorableTextGuard) for the board too, and bodies as the board's API takes
    // them — JSON objects: it answered 500 to a bare JSON string holding a NUL (security/fuzz.spec.ts)
    scope.addHook('preHandler', async (req, reply) => {
      const body = req.body;
      const json = /json/i.test(req.headers['content-type'] ?? '');
      const problem =
        json && body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))
          ? { path: 'body', message: 'must be a JSON object' }
          : findUnstorableText({ path: req.params, query: req.query, body }, 'request');
      if (problem) await reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: `${problem.path} ${problem.message}`, details: [problem] } });
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

/** The same admin sign-in in front of every path under `prefix` (the OpenAPI docs, when production serves them). */
export function adminOnly(app: NestFastifyApplication, prefix: string, realm: string): void {
  const signIn = adminSignIn(app, realm, `${prefix} is for admins: sign in with an admin username and password`);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const path = req.url.split('?')[0];
      if (path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}-`)) await signIn(req, reply);
    });
}

/** An onRequest hook: HTTP Basic credentials of an active admin, or 401 (429 after too many failures). */
function adminSignIn(app: NestFastifyApplication, realm: string, refusal: string): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const auth = app.get(AuthService);
  const failedLogins = app.get(FailedLogins);
  return async (req, reply) => {
    const match = /^Basic ([A-Za-z0-9+/=]{4,400})$/.exec(req.headers.authorization ?? '');
    const [username, ...rest] = match ? Buffer.from(match[1], 'base64').toString('utf8').split(':') : [];
    let user: Principal | null = null;
    if (username) {
      // the same guard on guessing as POST /auth/login (failed-logins.ts)
      try {
        user = await failedLogins.attempt({ address: req.ip, username: username.slice(0, 50) }, () => auth.checkCredentials(username, rest.join(':')));
      } catch (err) {
        if (!(err instanceof TooManyFailedLogins)) throw err;
        await reply.status(429).header('retry-after', String(err.retryAfterSeconds)).send({ error: { code: 'TOO_MANY_REQUESTS', message: err.message } });
        return;
      }
    }
    if (user?.role === 'admin') return;
    await reply
      .status(401)
      .header('www-authenticate', `Basic realm="${realm}", charset="UTF-8"`)
      .send({ error: { code: 'UNAUTHORIZED', message: refusal } });
  };
}
