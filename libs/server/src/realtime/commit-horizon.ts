import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** how often the case_events sequence is sampled while boards resume */
export const HORIZON_SAMPLE_MS = 200;
/** sampling stops this long after the last resume (an idle api asks nothing) */
const IDLE_STOP_MS = 60_000;
/** samples kept: enough for a writer transaction this long */
const KEEP_MS = 60_000;
/**
 * A sample counts only once it is this old: the few microseconds between a writer taking its seq (nextval, inside
 * its INSERT) and getting its transaction id (the row it writes) must have passed before it is looked for.
 */
const SAMPLE_MIN_AGE_MS = 50;

interface Sample {
  /** the last seq handed out by case_events' sequence (committed or not) */
  seq: string;
  /** the database clock after it was read (epoch ms) */
  at: number;
}

/**
 * Up to which seq every case event is committed or rolled back — the "settled" horizon (#16). A seq is taken from
 * the sequence when the event row is inserted, but transactions commit in their own order: a board may receive seq
 * 101 while 100's transaction is still open. The replay after a `resume` cannot show 100 until it commits, so the
 * client must know which of the seqs it has not seen may still come.
 *
 * How: every HORIZON_SAMPLE_MS (only while boards resume) the api reads the sequence's last value S and then the
 * clock t. Every transaction that took a seq ≤ S was running at t. When no writing transaction (one with a
 * transaction id, in pg_stat_activity) is running that began at or before t, all of them have ended: S is settled.
 * The answer is the S of the latest such sample. A long writing transaction holds the horizon back (boards then
 * resume from further back, or refetch), never forward. Assumes every writer of case_events connects as the app's
 * role (pg_stat_activity shows another role's transactions to the app only with pg_read_all_stats).
 */
@Injectable()
export class CommitHorizon implements OnApplicationShutdown {
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private lastAsked = 0;
  private sampling: Promise<void> | null = null;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The settled horizon, or null before enough samples exist (the caller asks again later). */
  async settledThrough(): Promise<string | null> {
    this.lastAsked = Date.now();
    this.start();
    const rows = (await this.ds.query(
      `SELECT (extract(epoch FROM min(xact_start)) * 1000)::float8 AS oldest, (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now
         FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
    )) as { oldest: number | null; now: number }[];
    const { oldest, now } = rows[0];
    let best: Sample | null = null;
    for (const s of this.samples) {
      if (s.at > now - SAMPLE_MIN_AGE_MS) break;
      if (oldest !== null && s.at >= oldest) break;
      best = s;
    }
    return best?.seq ?? null;
  }

  private start(): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => {
      if (Date.now() - this.lastAsked > IDLE_STOP_MS) return this.stop();
      void this.sample();
    }, HORIZON_SAMPLE_MS);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.samples = [];
  }

  private sample(): Promise<void> {
    // the sequence is read before the clock (OFFSET 0 keeps the subquery from being folded into the outer one)
    this.sampling ??= (this.ds.query(
      `SELECT coalesce(s, 0)::text AS seq, (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS at
         FROM (SELECT pg_sequence_last_value('case_events_seq_seq'::regclass) AS s OFFSET 0) last`,
    ) as Promise<Sample[]>)
      .then(([s]) => {
        this.samples.push(s);
        while (this.samples.length > 0 && this.samples[0].at < s.at - KEEP_MS) this.samples.shift();
      })
      .catch(() => undefined) // the database away: no sample, an older horizon (or none) is answered
      .finally(() => {
        this.sampling = null;
      });
    return this.sampling;
  }

  onApplicationShutdown(): void {
    this.stop();
  }
}
