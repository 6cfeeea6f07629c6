import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService, Public, type HealthReport } from '@gridops/server';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** Readiness, as `/health/ready` — kept for the console, `docker compose` health checks and load balancers. */
  @Public()
  @Get()
  check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    return this.ready(reply);
  }

  /** Liveness: 200 while the process runs and answers; asks no dependency (restart only what is stuck). */
  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return this.health.live();
  }

  /**
   * Readiness: 200 when Postgres and Redis answer; 503 `degraded` when either is down, 503 `draining` from SIGTERM
   * on — take the instance out of rotation.
   */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') void reply.status(503);
    return report;
  }
}
