import type { DistrictCode, LatLng } from '@gridops/domain';
import type { Rng } from './random';

/**
 * 突发 (a spike): now and then many people report one problem in one 片区 within the hour — rubbish piling up along
 * a street, stalls spreading over a square — so the centre sees what a trend warning (趋势预警) is for: the detector
 * (libs/domain trends) judges the 片区 × category's last 2 hours against the same hours of the past weeks, which the
 * demo history seeded at the live stream's rate, and raises a warning on the board, the desk and /warnings.
 * Pure schedule: the simulator asks which burst report is due at a moment and files it (Reporter.reportNear).
 */

/** Problems a spike is made of, in turn; those nobody in the cast can handle are skipped. */
export const BURST_PROBLEMS: ReadonlyArray<{ district: DistrictCode; categoryCode: string }> = [
  { district: 'jinsha', categoryCode: 'E0102' }, // 金沙 · 暴露垃圾
  { district: 'meichuan', categoryCode: 'E0504' }, // 梅川 · 店外经营
  { district: 'xincheng', categoryCode: 'E0902' }, // 新城 · 电动自行车飞线充电
  { district: 'nujiang', categoryCode: 'E0302' }, // 怒江 · 工地扬尘
];

export interface BurstSettings {
  /** minutes after start of the first burst; null = no bursts */
  firstMinutes: number | null;
  /** minutes between the starts of two bursts */
  everyMinutes: number;
  /** reports in one burst */
  size: number;
  /** minutes one burst lasts */
  spanMinutes: number;
}

export interface ActiveBurst {
  district: DistrictCode;
  categoryCode: string;
  /** the point the reports gather around (chosen by the simulator in the 片区) */
  centre: LatLng | null;
  /** when each report of the burst is due, ascending; filed ones are taken off the front */
  dueAt: number[];
}

export class BurstSchedule {
  private nextStart: number;
  private turn = 0;
  private active: ActiveBurst | null = null;

  constructor(
    private readonly settings: BurstSettings,
    startedAt: number,
    private readonly rng: Rng,
  ) {
    this.nextStart = settings.firstMinutes === null ? Infinity : startedAt + settings.firstMinutes * 60_000;
  }

  /**
   * The burst whose reports are due at `now` (how many: `due`), starting the next one when its time has come;
   * `usable` says whether the cast can handle a problem (else it is skipped for the next in turn).
   */
  due(now: number, usable: (p: { district: DistrictCode; categoryCode: string }) => boolean): { burst: ActiveBurst; due: number; started: boolean } | null {
    let started = false;
    if (!this.active && now >= this.nextStart) {
      const problems = BURST_PROBLEMS.filter(usable);
      this.nextStart += this.settings.everyMinutes * 60_000;
      if (problems.length) {
        const p = problems[this.turn++ % problems.length];
        const span = this.settings.spanMinutes * 60_000;
        const dueAt = Array.from({ length: this.settings.size }, (_, k) => now + Math.round((span * (k + this.rng())) / this.settings.size));
        this.active = { ...p, centre: null, dueAt };
        started = true;
      }
    }
    if (!this.active) return null;
    const burst = this.active;
    const due = burst.dueAt.filter((t) => t <= now).length;
    burst.dueAt.splice(0, due);
    if (!burst.dueAt.length) this.active = null;
    return due || started ? { burst, due, started } : null;
  }
}
