/** A WAL position as Postgres prints it (`16/B374D848`: high and low 32 bits in hex), as a byte offset. */
export function walBytes(lsn: string): bigint {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn);
  if (!m) throw new Error(`not a WAL position: "${lsn}"`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

interface Sample {
  /** the primary's WAL write position … */
  wal: bigint;
  /** … read no earlier than this instant (ms): everything committed before it lies at or below `wal` */
  at: number;
}

/**
 * How stale a streaming replica is, measured against the primary itself rather than the replica's clock: the
 * primary's WAL position is sampled at every check, and a replica that has replayed past the sample taken at `t`
 * holds everything committed before `t`. So its staleness is at most `now − t` for the newest such sample — 0-ish
 * when it has replayed the sample just taken, whatever the primary's activity. (`now() − pg_last_xact_replay_timestamp()`
 * on the replica would call a replica of an idle primary minutes behind, and cannot see a replica whose stream from
 * the primary is cut: it replays everything it received and looks current.) The estimate errs on the stale side
 * by at most the sampling interval.
 */
export class PrimaryWalSamples {
  private readonly samples: Sample[] = [];

  /** `keepMs`: how far back samples are kept; a replica behind all of them is at least that stale. */
  constructor(private readonly keepMs: number) {}

  add(wal: bigint, at: number): void {
    this.samples.push({ wal, at });
    while (this.samples.length > 1 && this.samples[0].at < at - this.keepMs) this.samples.shift();
  }

  /** Staleness in ms at `now` of a replica that has replayed up to `replayed`; null before the first sample. */
  lagMs(replayed: bigint, now: number): number | null {
    if (this.samples.length === 0) return null;
    for (let i = this.samples.length - 1; i >= 0; i--) {
      if (this.samples[i].wal <= replayed) return Math.max(0, now - this.samples[i].at);
    }
    // behind every sample kept: at least as stale as the oldest one
    return Math.max(0, now - this.samples[0].at);
  }
}
