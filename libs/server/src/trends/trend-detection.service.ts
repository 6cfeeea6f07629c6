import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TrendWarningView } from '@gridops/contracts';
import { TOWN_UTC_OFFSET_MINUTES, TREND_BASELINE_DAYS, TREND_WINDOWS, TREND_WINDOW_HOURS, evaluateTrends, trendChanges, trendKey, trendWindowRange, type TrendSeries } from '@gridops/domain';
import { CalendarService } from '../directory/calendar.service';
import { LivePublisher } from '../realtime/live-publisher';
import { TOWN_ROOM, districtRoom } from '../realtime/live-rooms';
import { TREND_WARNING_COLUMNS, toWarningView, type TrendWarningRow } from './trend-warning-view';

/** One 片区 × category × past day: the cases of each window ending `days_ago` × 24 h before the clock. */
interface CountRow {
  district_code: string;
  category_code: string;
  days_ago: number;
  [window: `n_${string}`]: number;
}

export interface TrendRunResult {
  evaluated: number;
  raised: TrendWarningView[];
  cleared: number;
}

/**
 * The `trends.detect` run (worker): count every 片区 × category's reports in the watched windows ending at the clock
 * and on the 28 days before, judge them with libs/domain's `evaluateTrends` against the town calendar's day kinds,
 * then — in one transaction — clear the warnings that no longer hold and raise the new ones (one open warning per
 * key: `uq_trend_warnings_open`). New warnings go to the boards of the town and their 片区 as `alert.raised`
 * (kind 'trend') after commit.
 *
 * Deterministic for a clock: counts are of `reported_at` before the clock, every instant written is the clock, so a
 * run repeated (a retried job) changes nothing more. A run older than what is already stored (a late job) neither
 * clears a warning raised after its clock nor raises one cleared after it.
 */
@Injectable()
export class TrendDetection {
  private readonly logger = new Logger('trends');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendars: CalendarService,
    @Optional() private readonly publisher?: LivePublisher,
  ) {}

  async run(at: Date): Promise<TrendRunResult> {
    const calendar = await this.calendars.calendar();
    const series = await this.counts(at);
    // the first report ever stored (idx_cases_reported): windows before it are unknown, not empty
    const [{ first }] = (await this.ds.query(`SELECT min(reported_at) AS first FROM cases`)) as { first: Date | null }[];
    const evaluations = evaluateTrends({
      now: at,
      series,
      dayKind: (d) => (calendar.isWorkday(d) ? 'workday' : 'dayoff'),
      utcOffsetMinutes: TOWN_UTC_OFFSET_MINUTES,
      historyStart: first,
    });

    const { raised, cleared } = await this.ds.transaction(async (m) => {
      // one run at a time decides (two workers, a retried job): the second waits and sees what the first wrote
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('gridops:trends.detect'))`);
      const open = (await m.query(`SELECT district_code, category_code, time_window FROM trend_warnings WHERE cleared_at IS NULL AND raised_at <= $1`, [at])) as {
        district_code: string;
        category_code: string;
        time_window: TrendSeries['window'];
      }[];
      const changes = trendChanges(evaluations, new Set(open.map((o) => trendKey({ district: o.district_code, category: o.category_code, window: o.time_window }))));
      let clearedCount = 0;
      if (changes.clear.length) {
        const keys = changes.clear.map((k) => k.split('|'));
        const res = (await m.query(
          `UPDATE trend_warnings w SET cleared_at = $1::timestamptz
             FROM unnest($2::text[], $3::text[], $4::text[]) AS k(district_code, category_code, time_window)
            WHERE w.cleared_at IS NULL AND w.raised_at <= $1::timestamptz
              AND w.district_code = k.district_code AND w.category_code = k.category_code AND w.time_window = k.time_window
           RETURNING w.id`,
          [at, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
        )) as [unknown[], number];
        clearedCount = res[1];
      }
      const ids: string[] = [];
      for (const e of changes.raise) {
        const { start, end } = trendWindowRange(at, e.window);
        const rows = (await m.query(
          `INSERT INTO trend_warnings (district_code, category_code, time_window, observed, expected, baseline_days, day_kind, p_value, window_start, window_end, raised_at)
           SELECT $1::varchar, $2::varchar, $3::varchar, $4::int, $5::float8, $6::smallint, $7::varchar, $8::float8, $9::timestamptz, $10::timestamptz, $11::timestamptz
            WHERE NOT EXISTS (SELECT 1 FROM trend_warnings WHERE district_code = $1::varchar AND category_code = $2::varchar AND time_window = $3::varchar AND (cleared_at > $11::timestamptz OR raised_at > $11::timestamptz))
           ON CONFLICT (district_code, category_code, time_window) WHERE cleared_at IS NULL DO NOTHING
           RETURNING id::text AS id`,
          [e.district, e.category, e.window, e.observed, e.expected, e.baselineDays, e.dayKind, e.pValue, start, end, at],
        )) as { id: string }[];
        if (rows.length) ids.push(rows[0].id);
      }
      const views = ids.length
        ? ((await m.query(`SELECT ${TREND_WARNING_COLUMNS} WHERE w.id = ANY($1::bigint[]) ORDER BY w.id`, [ids])) as TrendWarningRow[]).map(toWarningView)
        : [];
      return { raised: views, cleared: clearedCount };
    });

    for (const w of raised) {
      this.logger.log(`trend warning ${w.id}: ${w.message.zh} (p = ${w.pValue.toExponential(2)})`);
      this.publisher?.emit([TOWN_ROOM, districtRoom(w.districtCode)], 'alert.raised', { kind: 'trend', warning: w, districtCode: w.districtCode, message: w.message.zh, at: w.raisedAt });
    }
    return { evaluated: evaluations.length, raised, cleared };
  }

  /**
   * Counts per 片区 × category × past day, in one read over the 29 days before the clock (`idx_cases_reported`): a
   * case `age` before the clock is in the windows ending d × 24 h earlier for d = ⌈age / 24 h⌉ − 1 — the 24 h
   * window of that day always, a shorter one when age − d × 24 h ≤ its length.
   */
  private async counts(at: Date): Promise<TrendSeries[]> {
    const filters = TREND_WINDOWS.map((w) => `count(*) FILTER (WHERE age_s - days_ago * 86400 <= ${TREND_WINDOW_HOURS[w] * 3600})::int AS "n_${w}"`).join(', ');
    const rows = (await this.ds.query(
      `SELECT district_code, category_code, days_ago, ${filters}
         FROM (SELECT district_code, category_code, age_s, (ceil(age_s / 86400) - 1)::int AS days_ago
                 FROM (SELECT district_code, category_code, extract(epoch FROM ($1::timestamptz - reported_at))::float8 AS age_s
                         FROM cases
                        WHERE reported_at >= $1::timestamptz - make_interval(days => $2) AND reported_at < $1::timestamptz) a) b
        GROUP BY 1, 2, 3`,
      [at, TREND_BASELINE_DAYS + 1],
    )) as CountRow[];
    const byKey = new Map<string, TrendSeries>();
    for (const r of rows) {
      for (const window of TREND_WINDOWS) {
        const key = trendKey({ district: r.district_code, category: r.category_code, window });
        let s = byKey.get(key);
        if (!s) {
          s = { district: r.district_code, category: r.category_code, window, counts: new Array<number>(TREND_BASELINE_DAYS + 1).fill(0) };
          byKey.set(key, s);
        }
        if (r.days_ago >= 0 && r.days_ago <= TREND_BASELINE_DAYS) (s.counts as number[])[r.days_ago] = Number(r[`n_${window}`]);
      }
    }
    return [...byKey.values()];
  }
}
