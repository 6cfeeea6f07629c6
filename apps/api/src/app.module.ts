import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { HttpThrottlerGuard } from './bootstrap/http-throttler.guard';
import { CaseRefusalFilter } from './bootstrap/case-refusal.filter';
import { FailedLogins } from './bootstrap/failed-logins';
import { LoggerModule } from 'nestjs-pino';
import { requestLogFields } from './bootstrap/request-log';
import { AdminModule, AllErrorsFilter, AttachmentsModule, AuthModule, CasesModule, DevicesModule, DirectoryModule, ExportsModule, HotlineModule, HotspotsModule, IntakeModule, LivePublisher, NotificationsService, Open311Module, DatabaseModule, PlatformModule, QueueModule, RealtimeModule, StatsModule, StorableTextGuard, SuggestModule, TrendsModule, VideoModule, type AppConfig } from '@gridops/server';
import { GatewayPublisher } from './realtime/gateway-publisher';
import { LiveGateway } from './realtime/live.gateway';
import { ApiKeysController } from './controllers/api-keys.controller';
import { AlarmsController } from './controllers/alarms.controller';
import { AuthController } from './controllers/auth.controller';
import { CasesController } from './controllers/cases.controller';
import { DevicesController } from './controllers/devices.controller';
import { DirectoryController } from './controllers/directory.controller';
import { HealthController } from './controllers/health.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { Open311Controller } from './controllers/open311.controller';
import { QueuesController } from './controllers/queues.controller';
import { ReportsController } from './controllers/reports.controller';
import { CalendarController } from './controllers/calendar.controller';
import { DutyRosterController } from './controllers/duty-roster.controller';
import { OpenMapController } from './controllers/open-map.controller';
import { StatsController } from './controllers/stats.controller';
import { ExportsController } from './controllers/exports.controller';
import { UsersController } from './controllers/users.controller';
import { AttachmentsController } from './controllers/attachments.controller';
import { HotlineImportsController } from './controllers/hotline-imports.controller';
import { GeographyController } from './controllers/geography.controller';
import { HotlineImportMappingsController } from './controllers/hotline-import-mappings.controller';
import { SuggestionsController } from './controllers/suggestions.controller';
import { WarningsController } from './controllers/warnings.controller';
import { CaseLinksController, HotspotsController } from './controllers/hotspots.controller';
import { CamerasController } from './controllers/cameras.controller';
import { VideoController } from './controllers/video.controller';
import { AddressesController } from './controllers/addresses.controller';

/** The HTTP app: controllers over the shared feature modules. It imports no queue processors. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            autoLogging: { ignore: (req) => req.url === '/health' || req.url?.startsWith('/health/') === true },
            ...requestLogFields,
          },
        }),
        // generous default; login narrows it (auth.controller.ts). Outside production it is effectively off, over a
        // 100 ms window: the throttler keeps one timestamp per request in the window and scans them on every request,
        // which under load tests cost 8 % of the api's CPU over a minute and 6 % over a second (docs/benchmarks.md)
        ThrottlerModule.forRoot([config.NODE_ENV === 'production' ? { ttl: 60_000, limit: 600 } : { ttl: 100, limit: 10_000 }]),
        PlatformModule.forRoot(config), DatabaseModule.forRoot(config),
        RealtimeModule.forRoot(GatewayPublisher),
        AuthModule,
        DirectoryModule,
        CasesModule,
        IntakeModule,
        DevicesModule,
        Open311Module,
        QueueModule,
        StatsModule,
        ExportsModule,
        AdminModule,
        AttachmentsModule,
        HotlineModule,
        SuggestModule,
        TrendsModule,
        HotspotsModule,
        VideoModule,
      ],
      controllers: [AuthController, ApiKeysController, ReportsController, CasesController, DirectoryController, HealthController, QueuesController, NotificationsController, DevicesController, AlarmsController, Open311Controller, OpenMapController, StatsController, ExportsController, UsersController, DutyRosterController, CalendarController, AttachmentsController, HotlineImportsController, HotlineImportMappingsController, SuggestionsController, GeographyController, AddressesController, WarningsController, HotspotsController, CaseLinksController, CamerasController, VideoController],
      providers: [
        // first: text Postgres cannot store is refused at the edge, for every route, before anything else reads it
        { provide: APP_GUARD, useClass: StorableTextGuard },
        { provide: APP_GUARD, useClass: HttpThrottlerGuard },
        { provide: APP_FILTER, useClass: AllErrorsFilter },
        // registered after AllErrorsFilter, so Nest tries it first for the errors it catches
        { provide: APP_FILTER, useClass: CaseRefusalFilter },
        NotificationsService,
        { provide: FailedLogins, useValue: new FailedLogins() },
        LiveGateway,
        { provide: GatewayPublisher, useExisting: LivePublisher },
      ],
    };
  }
}
