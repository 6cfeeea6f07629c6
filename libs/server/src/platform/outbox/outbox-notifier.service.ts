import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Pacer } from './pacer';

export const OUTBOX_CHANNEL = 'gridops_outbox';

/** A burst of commits wakes the relay once per this many ms (the first of a quiet spell at once). */
export const NOTIFY_MIN_INTERVAL_MS = 5;

/**
 * Wakes the outbox relay after a commit. The NOTIFY is sent in its own tiny statement, not inside the transaction
 * that wrote the outbox rows: Postgres holds one cluster-wide lock from a notifying transaction's pre-commit through
 * its WAL flush, which serialised every case commit (measured: commit rate halved, docs/benchmarks.md). A read-only
 * NOTIFY has no WAL to flush. Bursts coalesce (Pacer); a lost NOTIFY costs at most the relay's poll interval.
 *
 * In the worker the relay runs in the same process and registers itself: a change made there wakes it directly,
 * without a round trip through Postgres (any other worker's relay still finds the rows by its poll or the api's
 * NOTIFYs, and SKIP LOCKED shares them out).
 */
@Injectable()
export class OutboxNotifier {
  private localRelay: (() => void) | null = null;
  // at most one NOTIFY per interval: one per report cost Postgres a statement per report under load
  private readonly notify = new Pacer(NOTIFY_MIN_INTERVAL_MS, () => {
    this.ds.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`).catch(() => undefined);
  });

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The worker's relay: woken in-process instead of by NOTIFY. */
  relayHere(wake: () => void): void {
    this.localRelay = wake;
  }

  wake(): void {
    if (this.localRelay) {
      this.localRelay();
      return;
    }
    this.notify.request();
  }
}
