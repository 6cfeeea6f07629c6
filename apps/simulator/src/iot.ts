import type { AlarmBatchResult, AlarmItem, DeviceType, DeviceView, Page } from '@gridops/contracts';
import type { DistrictCode } from '@gridops/domain';
import { errorText, type ApiAnswer } from './api-client';
import type { QuietLog, SimContext } from './context';
import { between, chance, pick, type Rng } from './random';
import { DESK_LOGIN, handledBy } from './town';

/** The sensor platform the simulated alarms come from; alarm ids are unique per platform. */
export const SIM_PLATFORM = 'gridops-sim';
/** How often the device list is read again (devices' open cases change as the loop runs). */
const REFRESH_MS = 60_000;
/** The API said it has no device registry or alarms ingest: ask again this much later. */
const REPROBE_MS = 5 * 60_000;
/** Share of alarms that come from a device whose case is still open (the ingest merges them into that case). */
const REPEAT_ALARM = 0.1;

/** What a sensor of each type reads when it trips: the value, the platform's severity label and its message. */
const READINGS: Record<DeviceType, { value: (rng: Rng) => number; level: string; message: string }> = {
  manhole_tilt: { value: (rng) => Math.round(between(10, 45, rng)), level: '二级', message: '井盖倾斜角度超过阈值' },
  water_level: { value: (rng) => Math.round(between(15, 45, rng)) / 100, level: '二级', message: '路面积水深度超过警戒值' },
  smoke: { value: (rng) => Math.round(between(8, 30, rng)) / 10, level: '一级', message: '烟雾浓度超限' },
  gas: { value: (rng) => Math.round(between(20, 60, rng)), level: '一级', message: '可燃气体浓度超限(%LEL)' },
};

/**
 * 物联感知: alarms from the registered sensors, through `POST /api/v1/ingest/alarms` with the demo API key. Only
 * devices whose category someone in the cast can handle raise alarms. When a device's case has been closed, the
 * sensor reads normal again and sends a `cleared` event for its last alarm. On a deployment without a device
 * registry or ingest (404) or without the demo key (401/403) the channel switches itself off and says so once.
 */
export class IotChannel {
  private devices: DeviceView[] = [];
  private refreshedAt = 0;
  private offUntil = 0;
  private said = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly quiet: QuietLog,
  ) {}

  /** Whether alarms can be raised now (a known registry with usable devices). */
  available(): boolean {
    return this.ctx.now().getTime() >= this.offUntil && this.devices.length > 0;
  }

  /** Reads the registry (once a minute) and clears alarms of devices whose case is closed. */
  async refresh(): Promise<void> {
    const now = this.ctx.now().getTime();
    if (now < this.offUntil || now - this.refreshedAt < REFRESH_MS) return;
    this.refreshedAt = now;
    const devices: DeviceView[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const res: ApiAnswer<Page<DeviceView>> | null = await this.ctx.sessions.call<Page<DeviceView>>(DESK_LOGIN, 'GET', `/api/v1/devices?active=true&limit=200${after}`);
      if (!res) return;
      if (res.status !== 200) return this.switchOff(`device registry: HTTP ${res.status} ${errorText(res.body)}`);
      devices.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    const { categories, staffedUnits } = this.ctx.town;
    this.devices = devices.filter((d) => handledBy(categories.get(d.categoryCode), staffedUnits));
    if (!this.devices.length) return this.switchOff('no registered sensor raises alarms anyone in the demo cast can handle');
    await this.clearFixed();
  }

  /** One raised alarm from a sensor in the 片区; false when there is none to raise (the caller reports otherwise). */
  async raise(district: DistrictCode): Promise<boolean> {
    const inDistrict = this.devices.filter((d) => d.districtCode === district);
    const quiet = inDistrict.filter((d) => !d.openCaseId);
    // mostly a sensor that is quiet now; sometimes one whose case is still open alarms again (merged into that case)
    const repeat = chance(REPEAT_ALARM, this.ctx.rng);
    const device = pick(repeat ? inDistrict : quiet, this.ctx.rng);
    if (!device) return false;
    const reading = READINGS[device.type];
    const alarm: AlarmItem = {
      alarmId: `sim-${this.ctx.runId}-${this.ctx.nextSerial()}`,
      deviceId: device.id,
      type: device.type,
      event: 'raised',
      occurredAt: this.ctx.now().toISOString(),
      value: reading.value(this.ctx.rng),
      level: reading.level,
      message: `${device.name}：${reading.message}`,
    };
    const result = await this.send([alarm]);
    const outcome = result?.results[0];
    if (!outcome) return false;
    if (outcome.outcome === 'accepted' || outcome.outcome === 'merged') {
      this.ctx.stats.report(outcome.outcome === 'accepted' ? 'iot' : 'iot-repeat');
      // until the next refresh, count the device as having an open case
      if (outcome.caseId) device.openCaseId = outcome.caseId;
      device.lastAlarm = { alarmId: alarm.alarmId, event: 'raised', occurredAt: alarm.occurredAt };
      return true;
    }
    this.ctx.stats.refusals++;
    this.quiet.line(`alarm-${outcome.outcome}`, `alarm of ${device.id}: ${outcome.outcome} ${outcome.reason ?? ''} ${outcome.message ?? ''}`.trim());
    return false;
  }

  /** `cleared` for our last raised alarm of each device whose case has been closed since. */
  private async clearFixed(): Promise<void> {
    const fixed = this.devices.filter((d) => !d.openCaseId && d.lastAlarm?.event === 'raised' && d.lastAlarm.alarmId.startsWith('sim-'));
    if (!fixed.length) return;
    const now = this.ctx.now().toISOString();
    const alarms: AlarmItem[] = fixed.slice(0, 100).map((d) => ({
      alarmId: d.lastAlarm?.alarmId ?? '',
      deviceId: d.id,
      type: d.type,
      event: 'cleared',
      occurredAt: now,
      message: `${d.name}：读数恢复正常`,
    }));
    const result = await this.send(alarms);
    for (let i = 0; i < (result?.counts.cleared ?? 0); i++) this.ctx.stats.action('alarm-cleared');
  }

  private async send(alarms: AlarmItem[]): Promise<AlarmBatchResult | null> {
    const res = await this.ctx.api.request<AlarmBatchResult>('POST', '/api/v1/ingest/alarms', {
      body: { platform: SIM_PLATFORM, alarms },
      headers: { 'x-api-key': this.ctx.config.iotKey },
    });
    if (res.status === 200 || res.status === 207) return res.body;
    this.switchOff(`alarms ingest: HTTP ${res.status} ${errorText(res.body)}`);
    return null;
  }

  private switchOff(why: string): void {
    this.offUntil = this.ctx.now().getTime() + REPROBE_MS;
    this.devices = [];
    if (!this.said) this.ctx.log(`IoT alarms off for now (${why}); the other channels carry on`);
    this.said = true;
  }
}
