import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { QUEUE_NAMES, type QueueName, type QueueStats } from '@gridops/contracts';
import { JobQueueService, Roles, notFound, unavailable } from '@gridops/server';

const queueOr404 = (name: string): QueueName => {
  if (!(QUEUE_NAMES as readonly string[]).includes(name)) throw notFound(`unknown queue ${name.slice(0, 40)}`);
  return name as QueueName;
};

/** Queue health for the desk and admins; admins retry failed jobs. */
@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(private readonly jobs: JobQueueService) {}

  @Get()
  @Roles('admin', 'operator', 'shift_lead')
  async stats(): Promise<QueueStats[]> {
    return this.jobs.stats().catch(() => {
      throw unavailable('Redis is unavailable; queue figures cannot be read (reports are still accepted)');
    });
  }

  @Get(':queue/failed')
  @Roles('admin')
  failed(@Param('queue') queue: string) {
    return this.jobs.failedJobs(queueOr404(queue));
  }

  @Post(':queue/retry-failed')
  @Roles('admin')
  @HttpCode(200)
  async retry(@Param('queue') queue: string): Promise<{ retried: number }> {
    return { retried: await this.jobs.retryFailed(queueOr404(queue)) };
  }
}
