import type { DataSource } from 'typeorm';
import { queryPrepared } from '../platform/database/prepared';

interface Waiter {
  resolve: (n: number) => void;
  reject: (err: unknown) => void;
}

/**
 * 案件编号: the day's running number. Every number takes the one counter row of its day, and a row lock is held
 * until commit (a WAL flush), so one statement per report queued every report behind the last. Requests that arrive
 * while a bump is in flight are served together by the next one (`last = last + n`): under a trickle each report
 * gets its own bump and the numbers stay consecutive; under a burst one round trip numbers many reports.
 *
 * Numbers are taken before the case is written, so a report that then fails — or a retry whose Idempotency-Key
 * turns out to be taken (intake.service.ts) — leaves a gap, never a duplicate.
 */
export class CaseNumberAllocator {
  private readonly queued = new Map<string, Waiter[]>();
  private readonly busy = new Set<string>();

  constructor(private readonly ds: DataSource) {}

  next(day: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const waiting = this.queued.get(day) ?? [];
      waiting.push({ resolve, reject });
      this.queued.set(day, waiting);
      if (!this.busy.has(day)) void this.bump(day);
    });
  }

  private async bump(day: string): Promise<void> {
    const batch = this.queued.get(day) ?? [];
    this.queued.delete(day);
    if (batch.length === 0) return;
    this.busy.add(day);
    try {
      // committed without waiting for its WAL flush (synchronous_commit off for this statement only): every report
      // waits for a bump, and a flush under load took several ms. Safe: WAL is flushed in order, so a case that is
      // durably committed with one of these numbers carries this bump with it; if Postgres crashes before that, the
      // bump may be lost, but then so is every case that used its numbers — a number is never given twice.
      const rows = await queryPrepared<{ last: number }>(
        this.ds.manager,
        `INSERT INTO case_number_counters (day, last)
         SELECT $1, $2 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS without_waiting_for_the_flush
         ON CONFLICT (day) DO UPDATE SET last = case_number_counters.last + EXCLUDED.last RETURNING last`,
        [day, batch.length],
      );
      const first = Number(rows[0].last) - batch.length + 1;
      batch.forEach((w, i) => w.resolve(first + i));
    } catch (err) {
      batch.forEach((w) => w.reject(err));
    } finally {
      this.busy.delete(day);
      if (this.queued.has(day)) void this.bump(day);
    }
  }
}
