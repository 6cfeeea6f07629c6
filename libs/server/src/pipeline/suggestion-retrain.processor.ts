import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName } from '@gridops/contracts';
import { JobQueueService } from '../platform/queue/job-queue.service';
import { SuggestionTrainer } from '../suggest/suggestion-trainer.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';

/**
 * `suggest.retrain` (scheduled, JOB_SCHEDULES): retrain the category / 片区 suggestion models when enough cases
 * closed since the last version (SuggestionTrainer.retrainIfDue). The worker puts the catalogue's schedules in Redis
 * at start and again whenever its producer connection is ready (a restarted Redis holds none).
 */
@Injectable()
export class SuggestionRetrainProcessor implements JobProcessor, OnApplicationBootstrap {
  private readonly logger = new Logger('suggestions');

  constructor(
    private readonly trainer: SuggestionTrainer,
    private readonly jobs: JobQueueService,
  ) {}

  handlers(): JobHandlerMap {
    return { [JobName.RetrainSuggestions]: () => this.retrain() };
  }

  onApplicationBootstrap(): void {
    const upsert = () => void this.jobs.upsertSchedules().catch((err: unknown) => this.logger.warn(`schedules not set: ${(err as Error).message}`));
    this.jobs.onRedisReady(upsert);
    upsert();
  }

  private async retrain(): Promise<JobOutcome> {
    const outcome = await this.trainer.retrainIfDue();
    return outcome.kind === 'trained' ? 'done' : `skipped: ${outcome.reason}`;
  }
}
