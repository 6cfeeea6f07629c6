import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { HttpThrottlerGuard } from './bootstrap/http-throttler.guard';
import { LoggerModule } from 'nestjs-pino';
import { AllErrorsFilter, AuthModule, CasesModule, DirectoryModule, IntakeModule, LivePublisher, NotificationsService, PlatformModule, QueueModule, RealtimeModule, type AppConfig } from '@gridops/server';
import { GatewayPublisher } from './realtime/gateway-publisher';
import { LiveGateway } from './realtime/live.gateway';
import { AuthController } from './controllers/auth.controller';
import { CasesController } from './controllers/cases.controller';
import { DirectoryController } from './controllers/directory.controller';
import { HealthController } from './controllers/health.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { QueuesController } from './controllers/queues.controller';
import { ReportsController } from './controllers/reports.controller';

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
            autoLogging: { ignore: (req) => req.url === '/health' },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        // generous default; login narrows it (auth.controller.ts)
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: config.NODE_ENV === 'production' ? 600 : 1_000_000 }]),
        PlatformModule.forRoot(config),
        RealtimeModule.forRoot(GatewayPublisher),
        AuthModule,
        DirectoryModule,
        CasesModule,
        IntakeModule,
        QueueModule,
      ],
      controllers: [AuthController, ReportsController, CasesController, DirectoryController, HealthController, QueuesController, NotificationsController],
      providers: [
        { provide: APP_GUARD, useClass: HttpThrottlerGuard },
        { provide: APP_FILTER, useClass: AllErrorsFilter },
        NotificationsService,
        LiveGateway,
        { provide: GatewayPublisher, useExisting: LivePublisher },
      ],
    };
  }
}
