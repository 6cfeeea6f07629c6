import type { CaseDetail, CaseSummary, CreateReportRequest, Page } from '@gridops/contracts';
import { pointInGeometry, townHour, type DistrictCode } from '@gridops/domain';
import { errorText } from './api-client';
import type { QuietLog, SimContext } from './context';
import { BEHAVIOUR } from './decide';
import { describePlace, describeProblem, describeReporter, describeFix, type Place } from './descriptions';
import { pointNear, samplePointIn } from './geo-sampling';
import type { ActiveBurst } from './burst';
import type { IotChannel } from './iot';
import { CHANNEL_SOURCE, type Channel } from '@gridops/domain';
import type { PhotoUploads } from './photo-uploads';
import { chance, pick } from './random';
import { chooseCategory, chooseChannel, chooseDistrict, hourBand } from './report-mix';
import { DESK_LOGIN } from './town';

/** A repeat lands this close to the first report: inside the pipeline's duplicate radius (50 m by default). */
const REPEAT_DISTANCE_M: readonly [number, number] = [5, 30];

/**
 * 上报: new reports from the town. Grid workers report what they see on patrol (and sometimes fix it on the spot),
 * the desk keys in 12345 calls and citizen-app reports, sensors raise alarms through the IoT ingest, and now and
 * then a second caller reports a problem that is already an open case nearby.
 */
export class Reporter {
  constructor(
    private readonly ctx: SimContext,
    private readonly photos: PhotoUploads,
    private readonly iot: IotChannel,
    private readonly quiet: QuietLog,
  ) {}

  async reportOne(): Promise<void> {
    const { rng, config } = this.ctx;
    if (chance(config.duplicates, rng) && (await this.repeatAnOpenCase())) return;
    const district = chooseDistrict(rng);
    const channel = chooseChannel(rng, this.iot.available());
    if (channel === 'iot' && (await this.iot.raise(district))) return;
    await this.fromPeople(district, channel === 'iot' ? 'patrol' : channel);
  }

  private async fromPeople(district: DistrictCode, wanted: Channel): Promise<void> {
    const { rng, town } = this.ctx;
    // a patrol needs a grid worker of the 片区 who is logged in; otherwise the report comes in by phone
    const patrol = wanted === 'patrol' ? await this.patrolOf(district) : null;
    const channel: Channel = wanted === 'patrol' && !patrol ? 'hotline' : wanted;
    const band = hourBand(townHour(this.ctx.now()));
    const row = chooseCategory(town.mix, district, channel, band, rng, this.ctx.dayKind(this.ctx.now()));
    const cell = pick(town.cellsByDistrict.get(district) ?? [], rng);
    if (!row || !cell) return;
    const place = describePlace(district, rng);
    const body: CreateReportRequest = {
      source: CHANNEL_SOURCE[channel],
      categoryCode: row.code,
      description: describeProblem(row.code, place, channel, rng),
      location: samplePointIn(cell.geometry, rng),
      address: place.address,
      ...(channel === 'patrol' ? {} : { reporter: describeReporter(rng) }),
    };
    await this.post(patrol ?? DESK_LOGIN, body, channel !== 'hotline');
  }

  /**
   * One report of a burst (burst.ts): the problem again, 20–250 m from the burst's centre, by whoever noticed it
   * (a patrol, a call, the app). The centre is chosen at the first report, inside one of the 片区's cells.
   */
  async reportNear(burst: ActiveBurst): Promise<boolean> {
    const { rng, town } = this.ctx;
    const row = town.mix.find((r) => r.code === burst.categoryCode);
    const cells = town.cellsByDistrict.get(burst.district) ?? [];
    if (!row || !cells.length) return false;
    burst.centre ??= samplePointIn((pick(cells, rng) ?? cells[0]).geometry, rng);
    const centre = burst.centre;
    const tries = Array.from({ length: 5 }, () => pointNear(centre, 20, 250, rng));
    const location = tries.find((p) => cells.some((cell) => pointInGeometry(p, cell.geometry))) ?? centre;
    const wanted = pick(row.channels, rng) ?? 'hotline';
    const patrol = wanted === 'patrol' ? await this.patrolOf(burst.district) : null;
    const channel: Channel = wanted === 'patrol' && !patrol ? 'hotline' : wanted;
    const place = describePlace(burst.district, rng);
    const body: CreateReportRequest = {
      source: CHANNEL_SOURCE[channel],
      categoryCode: row.code,
      description: describeProblem(row.code, place, channel, rng),
      location,
      address: place.address,
      ...(channel === 'patrol' ? {} : { reporter: describeReporter(rng) }),
    };
    return (await this.post(patrol ?? DESK_LOGIN, body, channel !== 'hotline')) !== null;
  }

  /** A second report of an open case: another caller, a few metres away, the same category (the desk merges it). */
  private async repeatAnOpenCase(): Promise<boolean> {
    const { rng, town } = this.ctx;
    const res = await this.ctx.sessions.call<Page<CaseSummary>>(DESK_LOGIN, 'GET', '/api/v1/cases?open=true&limit=50');
    if (!res || res.status !== 200) return false;
    const candidates = res.body.items.filter((c) => town.mix.some((r) => r.code === c.categoryCode) && c.suggestedDuplicateOf == null);
    const original = pick(candidates, rng);
    if (!original) return false;
    // a few metres off, but still inside the same 片区 (a case at the town's edge has little room)
    const cells = town.cellsByDistrict.get(original.districtCode) ?? [];
    const tries = Array.from({ length: 5 }, () => pointNear(original.location, REPEAT_DISTANCE_M[0], REPEAT_DISTANCE_M[1], rng));
    const location = tries.find((p) => cells.some((cell) => pointInGeometry(p, cell.geometry)));
    if (!location) return false;
    const channel: Channel = chance(0.5, rng) ? 'hotline' : 'app';
    const place: Place = { spoken: (original.address ?? '').replace(/^普陀区长征镇/, '') || describePlace(original.districtCode, rng).spoken, address: original.address ?? '' };
    const body: CreateReportRequest = {
      source: CHANNEL_SOURCE[channel],
      categoryCode: original.categoryCode,
      description: describeProblem(original.categoryCode, place, channel, rng),
      location,
      ...(place.address ? { address: place.address } : {}),
      reporter: describeReporter(rng),
    };
    const created = await this.post(DESK_LOGIN, body, channel === 'app');
    if (created) this.ctx.stats.duplicates++;
    return created !== null;
  }

  private async patrolOf(district: DistrictCode): Promise<string | null> {
    const candidates = [...(this.ctx.town.patrols.get(district) ?? [])];
    while (candidates.length) {
      const username = pick(candidates, this.ctx.rng) as string;
      if (await this.ctx.sessions.ensure(username)) return username;
      candidates.splice(candidates.indexOf(username), 1);
    }
    return null;
  }

  /** Files the report (with an Idempotency-Key, so a retried request never makes two cases). */
  private async post(username: string, body: CreateReportRequest, withPhoto: boolean): Promise<CaseDetail | null> {
    const { ctx } = this;
    const serial = ctx.nextSerial();
    const photo = withPhoto && chance(0.6, ctx.rng) ? await this.photos.take(username, 'report', body.categoryCode, `${ctx.runId}-${serial}`) : null;
    const res = await ctx.sessions.call<CaseDetail>(username, 'POST', '/api/v1/reports', photo ? { ...body, attachmentIds: [photo] } : body, {
      'Idempotency-Key': `sim-${ctx.runId}-${serial}`,
    });
    if (!res) {
      if (photo) this.photos.giveBack(username, 'report', photo);
      return null;
    }
    if (res.status !== 201) {
      if (photo) this.photos.giveBack(username, 'report', photo);
      ctx.stats.refusals++;
      this.quiet.line(`report-${res.status}`, `report as ${username} refused: HTTP ${res.status} ${errorText(res.body)}`);
      return null;
    }
    ctx.stats.report(body.source);
    if (body.source === 'patrol') await this.maybeFixOnTheSpot(username, res.body);
    return res.body;
  }

  /** 自处置: a patrol fixes a small problem it just reported, where the category allows it. */
  private async maybeFixOnTheSpot(username: string, c: CaseDetail): Promise<void> {
    const category = this.ctx.town.categories.get(c.categoryCode);
    if (!category?.selfDisposable || !chance(BEHAVIOUR.selfDisposeOnPatrol, this.ctx.rng)) return;
    const photo = await this.photos.take(username, 'after', c.categoryCode, `${c.id}-after`);
    const body = { version: c.version, note: `现场自行处置：${describeFix(c.categoryCode, this.ctx.rng)}`, ...(photo ? { attachmentIds: [photo] } : {}) };
    const res = await this.ctx.sessions.call(username, 'POST', `/api/v1/cases/${c.id}/actions/self-dispose`, body);
    if (res?.status === 200) {
      this.ctx.stats.action('self-dispose');
      return;
    }
    if (photo) this.photos.giveBack(username, 'after', photo);
    // the pipeline may have registered the report first: then it goes round the loop like any other
    if (res?.status === 409 || res?.status === 422) this.ctx.stats.conflicts++;
    else if (res) {
      this.ctx.stats.refusals++;
      this.quiet.line(`self-dispose-${res.status}`, `self-dispose ${c.number} refused: HTTP ${res.status} ${errorText(res.body)}`);
    }
  }
}
