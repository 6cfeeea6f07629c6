import { randomBytes } from 'node:crypto';
import type { CalendarYearView, CaseSummary, CategoryView, GridCellView, Page, UserView } from '@gridops/contracts';
import { DEFAULT_CALENDAR_CONFIG, WorkingCalendar, townDateOf } from '@gridops/domain';
import { ApiUnreachable, errorText, type ApiTransport } from './api-client';
import type { SimConfig } from './config';
import { QuietLog, type SimContext } from './context';
import { Actors } from './actors';
import { BurstSchedule } from './burst';
import { IotChannel } from './iot';
import { VideoChannel } from './video';
import { PhotoUploads } from './photo-uploads';
import { poisson, seededRng, type Rng } from './random';
import { Reporter } from './reporter';
import { Sessions } from './sessions';
import { SimStats } from './stats';
import { DESK_LOGIN, buildTown, type Town } from './town';

/** A tick never files more than this many reports, whatever the rate and however long the pause before it. */
const MAX_REPORTS_PER_STEP = 60;

export interface SimulatorOptions {
  api: ApiTransport;
  config: SimConfig;
  log?: (line: string) => void;
  rng?: Rng;
  now?: () => Date;
}

/**
 * The living town: each `step(elapsed)` files the reports a Poisson stream at SIM_RATE would bring in that time and
 * lets every cast member take the steps that are due. The runner (runner.ts) calls it on a timer; tests call it
 * step by step. Throws ApiUnreachable when the API is down, so the caller can back off; anything else is logged
 * and the step goes on.
 */
export class Simulator {
  readonly stats = new SimStats();
  private readonly sessions: Sessions;
  private readonly log: (line: string) => void;
  private readonly rng: Rng;
  private readonly now: () => Date;
  private readonly quiet: QuietLog;
  private readonly runId = randomBytes(4).toString('hex');
  private serial = 0;
  private parts: { ctx: SimContext; reporter: Reporter; actors: Actors; iot: IotChannel; video: VideoChannel } | null = null;
  private readonly bursts: BurstSchedule;

  constructor(private readonly opts: SimulatorOptions) {
    this.log = opts.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.rng = opts.rng ?? (opts.config.seed !== undefined ? seededRng(opts.config.seed) : Math.random);
    this.now = opts.now ?? (() => new Date());
    this.quiet = new QuietLog(this.log);
    this.sessions = new Sessions(opts.api, opts.config.password, this.log, () => this.now().getTime());
    this.bursts = new BurstSchedule(opts.config.burst, this.now().getTime(), this.rng);
  }

  get town(): Town | null {
    return this.parts?.ctx.town ?? null;
  }

  /** Read the town (grid cells, categories, who is who) as the desk; false while the desk cannot log in yet. */
  async init(): Promise<boolean> {
    if (this.parts) return true;
    const get = async <T>(path: string): Promise<T | null> => {
      const res = await this.sessions.call<T>(DESK_LOGIN, 'GET', path);
      if (res && res.status !== 200) this.log(`reading ${path} failed: HTTP ${res.status} ${errorText(res.body)}`);
      return res?.status === 200 ? res.body : null;
    };
    const cells = await get<GridCellView[]>('/api/v1/grid-cells');
    const categories = cells && (await get<CategoryView[]>('/api/v1/categories'));
    const users = categories && (await get<UserView[]>('/api/v1/users'));
    if (!cells || !categories || !users) return false;
    // the town calendar of this year (a deployment without it: weekends only); its days off shift the category mix
    const calendar = await get<CalendarYearView>(`/api/v1/calendar?year=${townDateOf(this.now()).slice(0, 4)}`);
    const workdays = new WorkingCalendar({
      ...DEFAULT_CALENDAR_CONFIG,
      ...(calendar?.settings ?? {}),
      holidays: calendar?.days.filter((d) => d.kind === 'holiday').map((d) => d.date) ?? [],
      adjustedWorkdays: calendar?.days.filter((d) => d.kind === 'workday').map((d) => d.date) ?? [],
    });
    const town = buildTown(cells, categories, users);
    const ctx: SimContext = {
      api: this.opts.api,
      config: this.opts.config,
      sessions: this.sessions,
      town,
      rng: this.rng,
      stats: this.stats,
      now: this.now,
      dayKind: (at) => (workdays.isWorkday(townDateOf(at)) ? 'workday' : 'dayoff'),
      log: this.log,
      runId: this.runId,
      nextSerial: () => ++this.serial,
    };
    const photos = new PhotoUploads(ctx);
    const iot = new IotChannel(ctx, this.quiet);
    this.parts = { ctx, iot, video: new VideoChannel(ctx, this.quiet), reporter: new Reporter(ctx, photos, iot, this.quiet), actors: new Actors(ctx, photos, this.quiet) };
    const left = town.mix.length;
    this.log(`town read: ${cells.length} grid cells, ${left} of ${categories.length} categories in the mix, ${town.cast.length} people in the cast (units: ${[...town.staffedUnits].join(', ') || 'none'})`);
    return true;
  }

  /** One tick: the reports that arrived in `elapsedMs`, then everyone's due steps. */
  async step(elapsedMs: number): Promise<void> {
    if (!(await this.init()) || !this.parts) return;
    const { reporter, actors, iot, video, ctx } = this.parts;
    // log the cast in one by one, in CAST order: the API throttles logins, and the desk and one worker per 片区
    // matter more than the supervisor (ensure is free for someone already logged in)
    for (const u of ctx.town.cast) await this.sessions.ensure(u.username);
    await this.guard('iot', () => iot.refresh());
    const count = Math.min(MAX_REPORTS_PER_STEP, poisson((this.opts.config.ratePerMinute * elapsedMs) / 60_000, this.rng));
    for (let i = 0; i < count; i++) await this.guard('report', () => reporter.reportOne());
    // a spike now and then (burst.ts): one problem in one 片区, many reports within the hour
    const burst = this.bursts.due(this.now().getTime(), (p) => ctx.town.mix.some((r) => r.code === p.categoryCode) && (ctx.town.cellsByDistrict.get(p.district)?.length ?? 0) > 0);
    if (burst?.started) this.log(`burst: ${this.opts.config.burst.size} reports of ${burst.burst.categoryCode} in ${burst.burst.district} over ${this.opts.config.burst.spanMinutes} min`);
    for (let i = 0; i < (burst?.due ?? 0); i++) await this.guard('burst', async () => void (burst && (await reporter.reportNear(burst.burst)) && this.stats.bursts++));
    // 视频AI: its own stream beside the reports, and the desk's turn at the confirmation queue
    if (this.opts.config.videoRatePerMinute > 0) {
      await this.guard('video', () => video.refresh());
      const detections = video.available() ? Math.min(MAX_REPORTS_PER_STEP, poisson((this.opts.config.videoRatePerMinute * elapsedMs) / 60_000, this.rng)) : 0;
      for (let i = 0; i < detections; i++) await this.guard('video', () => video.detect());
      await this.guard('video-review', () => video.review());
    }
    // everyone works at once; wait for all of them even when the API goes away midway, then report that
    const settled = await Promise.allSettled(ctx.town.cast.map((u) => this.guard(u.username, () => actors.work(u.username))));
    const down = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (down) throw down.reason;
  }

  /** "sim · last 60 s: …" with the board's open / yellow / red counts as the desk sees them. */
  async summary(periodMs: number): Promise<string> {
    const line = `sim · last ${Math.round(periodMs / 1000)} s: ${this.stats.line()}`;
    this.stats.reset();
    const count = async (query: string) => {
      const res = await this.sessions.call<Page<CaseSummary>>(DESK_LOGIN, 'GET', `/api/v1/cases?${query}&limit=200`);
      if (!res || res.status !== 200) return '?';
      return `${res.body.items.length}${res.body.nextCursor ? '+' : ''}`;
    };
    const [open, yellow, red] = [await count('open=true'), await count('open=true&light=yellow'), await count('open=true&light=red')];
    return `${line} · board: ${open} open (${yellow} yellow, ${red} red)`;
  }

  /** Run a part of the step; an unreachable API stops the step (the runner backs off), anything else is logged. */
  private async guard(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (err instanceof ApiUnreachable) throw err;
      this.stats.errors++;
      this.quiet.line(`error-${what}`, `${what}: ${(err as Error).message}`);
    }
  }
}
