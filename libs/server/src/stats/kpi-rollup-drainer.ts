import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ShutdownState } from '../platform/health/shutdown-state';
import { KpiRollupsService } from './kpi-rollups.service';

/**
 * How often the worker folds changed cases into the KPI rollups. Readers add the cases not yet folded in
 * (PENDING_DAY_ROWS_SQL), so the figures never lag; the interval sets how many cases that delta holds.
 */
export const KPI_DRAIN_INTERVAL_MS = 1000;

/** The worker's loop that drains `kpi_dirty` into the rollups (docs/architecture.md, "KPI rollups"). */
@Injectable()
export class KpiRollupDrainer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('kpi-rollups');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly rollups: KpiRollupsService,
    private readonly shutdown: ShutdownState,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), KPI_DRAIN_INTERVAL_MS);
    this.shutdown.onDrain('kpi rollups', () => this.onApplicationShutdown());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private tick(): void {
    if (this.stopped || this.running) return;
    this.running = this.rollups
      .drainAll()
      .catch((err: unknown) => this.logger.warn(`rollup drain paused: ${(err as Error).message}`))
      .finally(() => (this.running = null));
  }
}
