import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { planBatch, type CommittedCaseEvent, type OutboxPayload } from '../cases/case-effects';
import { addCaseTextsSql } from '../cases/case-texts-sql';
import { JobQueueService } from '../platform/queue/job-queue.service';
import { OUTBOX_CHANNEL, OutboxNotifier } from '../platform/outbox/outbox-notifier.service';
import { PgListener } from '../platform/database/pg-listener.service';
import { ShutdownState } from '../platform/health/shutdown-state';
import { queryPrepared } from '../platform/database/prepared';
import { Pacer } from '../platform/outbox/pacer';
import { Metrics } from '../platform/metrics/metrics';
import { NoticeWriter, type WrittenNotification } from '../notify/notice-writer';
import { CaseBroadcaster } from '../realtime/case-broadcaster.service';
import { JobsRebuild } from './jobs-rebuild';

/** Backstop poll: a NOTIFY can be missed (listener reconnecting); the poll finds what it missed. */
export const OUTBOX_POLL_MS = 2000;
export const OUTBOX_BATCH = 200;
/**
 * Drains start at most this often. Every write wakes the relay (a report twice: its row, then intake's three), and a
 * drain is a transaction of three statements: under load, one drain per wake-up was a third of the worker's
 * statements. A wake-up after a quiet spell drains at once; during a burst, within this many ms.
 */
export const RELAY_MIN_INTERVAL_MS = 10;

interface OutboxRow {
  id: string;
  case_id: string;
  event_seq: string;
  payload: OutboxPayload;
}

/**
 * Turns outbox rows into BullMQ jobs and notifications (what effectsOf says of each event). Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers share the
 * work and each row is relayed by one of them; rows are marked published by the statement that claims them, in a
 * transaction that also writes the batch's notifications and commits after the jobs are in Redis. If Redis is down the
 * transaction rolls back and the rows wait — nothing is lost; if the worker dies between adding jobs and committing,
 * the rows are relayed again and the deterministic job ids and notice keys make the second pass a no-op. If Redis
 * comes back without its jobs, JobsRebuild re-opens the rows of the open cases before the next batch.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox-relay');
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobQueueService,
    private readonly notifier: OutboxNotifier,
    private readonly listener: PgListener,
    private readonly shutdown: ShutdownState,
    private readonly metrics: Metrics,
    private readonly notices: NoticeWriter,
    private readonly broadcaster: CaseBroadcaster,
    private readonly rebuild: JobsRebuild,
  ) {}

  onApplicationBootstrap(): void {
    this.notifier.relayHere(() => this.wake());
    // woken by every writer's NOTIFY; once hearing (again), drain what was written while we were not
    this.listener.subscribe(OUTBOX_CHANNEL, { notified: () => this.wake(), hearing: (listening) => listening && this.wake() });
    // Redis back after being away: it may have come back empty — check before the next batch
    this.jobs.onRedisReady(() => {
      this.rebuild.checkSoon();
      this.wake();
    });
    this.timer = setInterval(() => this.wake(), OUTBOX_POLL_MS);
    this.wake();
    // on SIGTERM: start no new batch, finish the one in hand (its jobs reach Redis, its rows are marked published)
    this.shutdown.onDrain('outbox relay', () => this.onApplicationShutdown());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.pacer.cancel();
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
  }

  /** Drain soon (see RELAY_MIN_INTERVAL_MS), or once more after the drain in progress: no wake-up is lost. */
  wake(): void {
    if (this.stopped) return;
    // during a drain, only remember to go again: asking the pacer would spend its slot on a run that can only wait
    if (this.draining) {
      this.again = true;
      return;
    }
    this.pacer.request();
  }

  private readonly pacer = new Pacer(RELAY_MIN_INTERVAL_MS, () => this.startDrain());

  private startDrain(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err: unknown) => this.logger.warn(`relay paused: ${(err as Error).message}`))
      .finally(() => {
        this.draining = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Relay batches until none is left. Returns when the outbox is empty or a batch fails. */
  async drain(): Promise<void> {
    const start = process.hrtime.bigint();
    // Redis lost its jobs (restarted empty, flushed)? then the open cases' rows are re-opened and relayed below.
    // Not answered (Redis away): asked again next time; a batch needs Redis too, and waits the same way
    await this.rebuild.ensure().catch((err: unknown) => this.logger.debug(`jobs epoch not checked: ${(err as Error).message}`));
    let relayed = 0;
    let n = OUTBOX_BATCH;
    while (!this.stopped && n === OUTBOX_BATCH) relayed += n = await this.relayBatch();
    // drains that found nothing (most polls) would only bury the ones that did work
    if (relayed > 0) this.metrics.relayDrain.observe(Number(process.hrtime.bigint() - start) / 1e9);
  }

  private async relayBatch(): Promise<number> {
    const told: WrittenNotification[] = [];
    const relayed = await this.ds.transaction(async (m) => {
      // claim and mark in one statement; the mark only counts if the jobs reach Redis, since a failed add throws
      // and the transaction rolls back. Its commit does not wait for the WAL flush (synchronous_commit off for this
      // transaction): a mark lost in a Postgres crash only relays the rows again, which the deterministic job ids
      // and the processors' state checks absorb — and the flush wait sat between every dispatch and the boards.
      const rows = await queryPrepared<OutboxRow>(
        m,
        `WITH claimed AS (
           UPDATE outbox SET published_at = now(), attempts = attempts + 1
            WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
              AND set_config('synchronous_commit', 'off', true) = 'off'
           RETURNING id, case_id, event_seq, payload),
         -- the KPI rollups refresh these cases (stats/kpi-rollups.service.ts); marked in the same commit, so none is missed
         dirty AS (INSERT INTO kpi_dirty (case_id) SELECT DISTINCT case_id FROM claimed),
         -- a reported case's searchable text, after its report's commit (cases/case-texts-sql.ts)
         texts AS (${addCaseTextsSql('SELECT case_id FROM claimed')})
         SELECT * FROM claimed`,
        [OUTBOX_BATCH],
      );
      if (rows.length === 0) return 0;
      // RETURNING keeps no order: the jobs of a batch go out in the order the events happened
      rows.sort((a, b) => compareIds(a.id, b.id));
      const { add, retire, notices } = planBatch(rows.map(toEvent));
      told.push(...(await this.notices.write(m, notices)));
      await this.jobs.enqueueAll(add);
      await this.jobs.removeAll(retire);
      return rows.length;
    });
    // read from now on: their readers hear of them live
    this.broadcaster.notifications(told);
    return relayed;
  }
}

/** bigint ids as pg returns them (decimal strings), compared as numbers */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function toEvent(r: OutboxRow): CommittedCaseEvent {
  return { ...r.payload, caseId: r.case_id, seq: String(r.event_seq) };
}
