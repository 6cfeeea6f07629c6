import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from './metrics';
import { metricsAccess } from './metrics-access';

/**
 * The worker has no HTTP server of its own: this one serves GET /metrics on WORKER_METRICS_PORT (0 = off), bound to
 * WORKER_METRICS_HOST. A port that cannot be had is logged, not fatal: the pipeline matters more than its figures.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('metrics');
  private server: Server | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** The port it listens on (null when off or not listening): tests ask for port 0 of the OS through `listenOn`. */
  port(): number | null {
    const a = this.server?.address();
    return a && typeof a === 'object' ? (a as AddressInfo).port : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.WORKER_METRICS_PORT === 0) return;
    await this.listenOn(this.config.WORKER_METRICS_PORT);
  }

  async listenOn(port: number): Promise<void> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      const access = metricsAccess(this.config, req.headers.authorization, 'worker');
      if (access !== 'allowed') {
        res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        return;
      }
      this.metrics.exposition().then(
        ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
        (err: unknown) => res.writeHead(500).end(String((err as Error).message)),
      );
    });
    await new Promise<void>((resolve) => {
      server.once('error', (err) => {
        this.logger.error(`worker metrics not served on ${this.config.WORKER_METRICS_HOST}:${port}: ${err.message}`);
        resolve();
      });
      server.listen(port, this.config.WORKER_METRICS_HOST, () => {
        this.server = server;
        resolve();
      });
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    s.closeAllConnections();
    await closed;
  }
}
