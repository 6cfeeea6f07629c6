import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASE_SNAPSHOT_EVERY_MS, REPLAY_WINDOW_DAYS } from '@gridops/contracts';
import { openVersionsAtSql } from './cases-at';

const DAY_MS = 86_400_000;
/** Snapshots are kept this much longer than replay reaches back, so the oldest replayable moment has one before it. */
const KEEP_MS = (REPLAY_WINDOW_DAYS + 2) * DAY_MS;

/**
 * 回放 (replay): `case_snapshots` records, for a slot time S, which version of each open case was valid at S (one row
 * a slot: the versions' ids). A replayed moment reads the latest snapshot at or before it plus the versions since
 * (cases-at.ts), so no read scans more than a slot's worth of versions. A snapshot is computed the way a moment is
 * read — from the previous snapshot and the versions after it up to S, set-based in one INSERT … SELECT — so it says
 * exactly what the versions say; a slot already taken is left as it is (a rerun changes nothing).
 */
@Injectable()
export class CaseSnapshots {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Takes the snapshot of `at`; false when it was already taken. */
  async take(at: Date): Promise<{ taken: boolean; open: number }> {
    const rows = (await this.ds.query(
      `INSERT INTO case_snapshots (taken_at, version_ids)
       SELECT $1::timestamptz, coalesce(array_agg(v.id ORDER BY v.id), '{}') FROM (${openVersionsAtSql('$1', true)}) v
       ON CONFLICT (taken_at) DO NOTHING
       RETURNING cardinality(version_ids) AS open`,
      [at],
    )) as { open: number }[];
    return rows.length ? { taken: true, open: Number(rows[0].open) } : { taken: false, open: 0 };
  }

  /**
   * Drops the snapshots replay no longer reaches (older than its window and a margin), but the last of them: the
   * oldest replayable moment still reads from a snapshot.
   */
  async prune(now: Date): Promise<number> {
    const bound = new Date(now.getTime() - KEEP_MS);
    const rows = (await this.ds.query(
      `DELETE FROM case_snapshots WHERE taken_at < (SELECT max(taken_at) FROM case_snapshots WHERE taken_at < $1) RETURNING taken_at`,
      [bound],
    )) as unknown[];
    return rows.length;
  }

  /** Every slot from `from` to `to` not yet taken, in order (a restored or bench-grown database; `npm`-less tools). */
  async backfill(from: Date, to: Date, everyMs = CASE_SNAPSHOT_EVERY_MS): Promise<number> {
    let taken = 0;
    for (let t = Math.ceil(from.getTime() / everyMs) * everyMs; t <= to.getTime(); t += everyMs) {
      if ((await this.take(new Date(t))).taken) taken++;
    }
    return taken;
  }
}
