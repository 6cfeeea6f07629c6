import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { JobQueueService } from '../platform/queue/job-queue.service';
import { OUTBOX_CHANNEL, OutboxNotifier } from '../platform/outbox/outbox-notifier.service';
import { jobsForBatch, type OutboxEvent } from './event-routing';
import { queryPrepared } from '../platform/database/prepared';
import { Pacer } from '../platform/outbox/pacer';
import { DIRECTORY_CHANNEL, DirectoryService } from '../directory/directory.service';

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
  payload: {
    type: OutboxEvent['type'];
    fromState: OutboxEvent['fromState'];
    toState: OutboxEvent['toState'];
    deadlineVersion: number;
    caseVersion: number;
    slaTimers?: OutboxEvent['slaTimers'];
    notified?: boolean;
  };
}

/** Listeners told after each published batch (the realtime fan-out hooks in here). */
export type PublishedListener = (events: OutboxEvent[]) => Promise<void> | void;

/**
 * Turns outbox rows into BullMQ jobs. Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers share the
 * work and each row is relayed by one of them; rows are marked published by the statement that claims them, in a
 * transaction that commits after the jobs are in Redis. If Redis is down the transaction rolls back and the rows wait — nothing is lost; if
 * the worker dies between adding jobs and committing, the rows are relayed again and the deterministic job ids make
 * the second add a no-op.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('outbox-relay');
  private listener: Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly listeners: PublishedListener[] = [];

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobQueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifier: OutboxNotifier,
    private readonly directory: DirectoryService,
  ) {}

  onPublished(fn: PublishedListener): void {
    this.listeners.push(fn);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.notifier.relayHere(() => this.wake());
    await this.listen();
    this.timer = setInterval(() => this.wake(), OUTBOX_POLL_MS);
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.pacer.cancel();
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
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
    while (!this.stopped && (await this.relayBatch()) === OUTBOX_BATCH);
  }

  private async relayBatch(): Promise<number> {
    const published: OutboxEvent[] = [];
    const count = await this.ds.transaction(async (m) => {
      // claim and mark in one statement; the mark only counts if the jobs reach Redis, since a failed add throws
      // and the transaction rolls back. Its commit does not wait for the WAL flush (synchronous_commit off for this
      // transaction): a mark lost in a Postgres crash only relays the rows again, which the deterministic job ids
      // and the processors' state checks absorb — and the flush wait sat between every dispatch and the boards.
      const rows = await queryPrepared<OutboxRow>(
        m,
        `UPDATE outbox SET published_at = now(), attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
           AND set_config('synchronous_commit', 'off', true) = 'off'
         RETURNING id, case_id, event_seq, payload`,
        [OUTBOX_BATCH],
      );
      if (rows.length === 0) return 0;
      // RETURNING keeps no order: the jobs of a batch go out in the order the events happened
      rows.sort((a, b) => compareIds(a.id, b.id));
      const events = rows.map(toEvent);
      await this.jobs.addAll(jobsForBatch(events));
      published.push(...events);
      return rows.length;
    });
    for (const fn of this.listeners) await Promise.resolve(fn(published)).catch((err: unknown) => this.logger.warn(`listener failed: ${(err as Error).message}`));
    return count;
  }

  /**
   * A dedicated connection for LISTEN, re-established when it drops (the poll covers the gap). It also hears
   * category edits, which drop the worker's copy of the category table (DirectoryService.categoryNow).
   */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    let retried = false;
    const retry = () => {
      if (retried || this.stopped) return;
      retried = true;
      if (this.listener === client) this.listener = null;
      setTimeout(() => void this.listen(), OUTBOX_POLL_MS).unref();
    };
    client.on('notification', (n) => (n.channel === DIRECTORY_CHANNEL ? this.directory.categoriesEdited() : this.wake()));
    const lost = () => {
      this.directory.categoryEditsHeard(false);
      retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      await client.query(`LISTEN ${DIRECTORY_CHANNEL}`);
      this.listener = client;
      // category edits are heard from now on, so the worker's transitions may keep a copy of the table
      this.directory.categoryEditsHeard(true);
      this.wake(); // rows written while we were not listening
    } catch (err) {
      this.logger.warn(`LISTEN failed, polling until it works: ${(err as Error).message}`);
      await client.end().catch(() => undefined);
      retry();
    }
  }
}

/** bigint ids as pg returns them (decimal strings), compared as numbers */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function toEvent(r: OutboxRow): OutboxEvent {
  return {
    outboxId: String(r.id),
    caseId: r.case_id,
    eventSeq: String(r.event_seq),
    type: r.payload.type,
    fromState: r.payload.fromState,
    toState: r.payload.toState,
    deadlineVersion: r.payload.deadlineVersion ?? 0,
    caseVersion: r.payload.caseVersion ?? 0,
    slaTimers: r.payload.slaTimers,
    notified: r.payload.notified === true,
  };
}
