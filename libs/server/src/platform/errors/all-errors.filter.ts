import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorBody } from './error-body';

/** Every error an HTTP route throws leaves in the one shape. */
@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, unexpected } = toErrorBody(err);
    if (unexpected) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
