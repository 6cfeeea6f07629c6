import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers } from 'pino';

/**
 * What a request's log lines say about it: id, method, URL, client address — and, when it finishes, the status.
 * No headers: they carry tokens and API keys, and copying and redacting every header of every request (pino-http's
 * default) cost 3–4 % of the api's CPU under load, for lines that are mostly not written (level warn).
 */
export const requestLogFields = {
  wrapSerializers: false,
  serializers: {
    // originalUrl: the middleware engine strips its mount path from `url`
    req: (req: IncomingMessage & { id?: unknown; originalUrl?: string }) => ({ id: req.id, method: req.method, url: req.originalUrl ?? req.url, remoteAddress: req.socket?.remoteAddress }),
    res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    err: stdSerializers.err,
  },
};
