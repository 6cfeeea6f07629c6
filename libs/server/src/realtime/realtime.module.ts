import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { CaseEventPublisher } from '../cases/case-writer';
import { CaseBroadcaster } from './case-broadcaster.service';
import { LivePublisher } from './live-publisher';
import { CommitHorizon } from './commit-horizon';
import { LiveReplayService } from './live-replay.service';

/**
 * Broadcasting committed case events to the boards. Each app says how it publishes: the api through its own
 * socket.io server (Redis adapter), the worker through the Redis emitter.
 */
@Global()
@Module({})
export class RealtimeModule {
  static forRoot(publisher: Type<LivePublisher>): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [{ provide: LivePublisher, useClass: publisher }, CaseBroadcaster, { provide: CaseEventPublisher, useExisting: CaseBroadcaster }, LiveReplayService, CommitHorizon],
      exports: [LivePublisher, CaseBroadcaster, CaseEventPublisher, LiveReplayService],
    };
  }
}
