import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OPEN311_CONTENT_TYPES, renderOpen311, type Open311Format } from './open311-document';
import { open311ErrorDocument, toOpen311Error } from './open311-error';

/** The format an Open311 URL asks for: `.json` → JSON; anything else gets XML, the spec's required format. */
export function formatOfUrl(url: string): Open311Format {
  return /\.json$/.test(url.split('?')[0]) ? 'json' : 'xml';
}

/** Every error on an Open311 route leaves in the spec's error format (`errors`/`error` with code and description). */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('open311');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const format = formatOfUrl(http.getRequest<FastifyRequest>().url);
    const { error, unexpected } = toOpen311Error(err);
    if (unexpected) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    void reply.status(error.status).header('content-type', OPEN311_CONTENT_TYPES[format]).send(renderOpen311(open311ErrorDocument(error), format));
  }
}
