import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DirectoryModule } from '../directory/directory.module';
import { NoticeWriter } from '../notify/notice-writer';
import { QueueModule } from '../platform/queue/queue.module';
import { ClosureProcessor } from './closure.processor';
import { DispatchPlanner } from './dispatch-planner';
import { DispatchProcessor } from './dispatch.processor';
import { IntakeProcessor } from './intake.processor';
import { JOB_PROCESSORS, type JobProcessor } from './job-handler';
import { JobRunner } from './job-runner.service';
import { OutboxRelay } from './outbox-relay.service';
import { JobsRebuild } from './jobs-rebuild';
import { SlaProcessor } from './sla.processor';
import { SystemActions } from './system-actions.service';
import { QueueStatsTicker } from '../realtime/queue-stats.ticker';
import { PipelineMetrics } from './pipeline-metrics';
import { WorkerMetricsServer } from '../platform/metrics/worker-metrics-server';
import { StatsModule } from '../stats/stats.module';
import { KpiRollupDrainer } from '../stats/kpi-rollup-drainer';
import { SuggestModule } from '../suggest/suggest.module';
import { SuggestionRetrainProcessor } from './suggestion-retrain.processor';
import { TrendsModule } from '../trends/trends.module';
import { TrendsProcessor } from './trends.processor';
import { ScheduledJobsPlanner } from './scheduled-jobs';
import { CaseSnapshotProcessor } from './case-snapshot.processor';

/** The worker's half of the pipeline: the outbox relay and every queue processor. Only apps/worker imports this. */
@Module({
  imports: [CasesModule, DirectoryModule, QueueModule, StatsModule, SuggestModule, TrendsModule],
  providers: [
    SystemActions,
    DispatchPlanner,
    IntakeProcessor,
    DispatchProcessor,
    SlaProcessor,
    ClosureProcessor,
    SuggestionRetrainProcessor,
    TrendsProcessor,
    CaseSnapshotProcessor,
    ScheduledJobsPlanner,
    NoticeWriter,
    {
      provide: JOB_PROCESSORS,
      inject: [IntakeProcessor, DispatchProcessor, SlaProcessor, ClosureProcessor, SuggestionRetrainProcessor, TrendsProcessor, CaseSnapshotProcessor],
      useFactory: (...processors: JobProcessor[]) => processors,
    },
    JobRunner,
    JobsRebuild,
    OutboxRelay,
    QueueStatsTicker,
    PipelineMetrics,
    WorkerMetricsServer,
    KpiRollupDrainer,
  ],
  exports: [OutboxRelay, WorkerMetricsServer],
})
export class PipelineWorkerModule {}
