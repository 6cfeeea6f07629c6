import { Injectable } from '@nestjs/common';
import { JobName } from '@gridops/contracts';
import { SuggestionTrainer } from '../suggest/suggestion-trainer.service';
import type { JobHandlerMap, JobOutcome, JobProcessor } from './job-handler';

/**
 * `suggest.retrain` (scheduled, JOB_SCHEDULES): retrain the category / 片区 suggestion models when enough cases
 * closed since the last version (SuggestionTrainer.retrainIfDue); the slot in its payload only names the run.
 */
@Injectable()
export class SuggestionRetrainProcessor implements JobProcessor {
  constructor(private readonly trainer: SuggestionTrainer) {}

  handlers(): JobHandlerMap {
    return { [JobName.RetrainSuggestions]: () => this.retrain() };
  }

  private async retrain(): Promise<JobOutcome> {
    const outcome = await this.trainer.retrainIfDue();
    return outcome.kind === 'trained' ? 'done' : `skipped: ${outcome.reason}`;
  }
}
