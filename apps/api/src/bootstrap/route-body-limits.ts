import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { VIDEO_BATCH_BODY_LIMIT } from '@gridops/contracts';
import { VIDEO_INGEST_PATH } from '../controllers/video.controller';

/**
 * Routes whose JSON bodies may be larger than BODY_LIMIT_BYTES: the video platform's detection batches carry their
 * snapshots in base64 (MAX_DETECTIONS_PER_BATCH × MAX_SNAPSHOT_BYTES). Set on the route as Fastify registers it,
 * so every other route keeps the 1 MiB limit. Must run before the app's routes are registered (app.init()).
 */
export const ROUTE_BODY_LIMITS: Record<string, number> = { [VIDEO_INGEST_PATH]: VIDEO_BATCH_BODY_LIMIT };

export function routeBodyLimits(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      const limit = ROUTE_BODY_LIMITS[route.url];
      if (limit !== undefined) route.bodyLimit = limit;
    });
}
