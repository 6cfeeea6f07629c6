import type { DayKind } from '@gridops/domain';
import type { ApiTransport } from './api-client';
import type { SimConfig } from './config';
import type { Rng } from './random';
import type { Sessions } from './sessions';
import type { SimStats } from './stats';
import type { Town } from './town';

/** What the parts of the simulator share while it runs. */
export interface SimContext {
  api: ApiTransport;
  config: SimConfig;
  sessions: Sessions;
  town: Town;
  rng: Rng;
  stats: SimStats;
  now: () => Date;
  /** working day or day off at an instant, by the town calendar (the category mix shifts on days off) */
  dayKind: (at: Date) => DayKind;
  /** a line for the operator of the simulator (stdout) */
  log: (line: string) => void;
  /** distinguishes this run's idempotency keys and alarm ids from any other run's */
  runId: string;
  /** a new number for keys within the run */
  nextSerial: () => number;
}

/** Log refusals the first few times per kind only: the summary counts the rest, the log stays readable. */
export class QuietLog {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly perKind = 3,
  ) {}

  line(kind: string, text: string): void {
    const n = (this.seen.get(kind) ?? 0) + 1;
    // bounded: kinds are action × status codes, a few dozen at most; clear if something unexpected floods it
    if (this.seen.size > 500) this.seen.clear();
    this.seen.set(kind, n);
    if (n <= this.perKind) this.log(n === this.perKind ? `${text} (further "${kind}" lines silenced)` : text);
  }
}
