import { DEMO_REPORT_RATES } from '@gridops/domain';
import type { BurstSettings } from './burst';

/**
 * The simulator's settings, all from SIM_* environment variables (docs/simulator.md). Bad values stop the start with
 * a message that names the variable: a demo that silently runs at a different rate than asked is worse than none.
 */
export interface SimConfig {
  /** false when SIM=off or SIM_RATE=0 */
  enabled: boolean;
  /** base URL of the deployment, without /api/v1 */
  api: string;
  /** mean new reports per minute (a Poisson stream) */
  ratePerMinute: number;
  /** 1 = a case typically closes within a few minutes; 2 = twice as fast; 0.5 = half as fast */
  speed: number;
  /** share of steps that a person lets slide for 12–45 minutes, so the board shows yellow and red */
  neglect: number;
  /** share of new reports that repeat an open case nearby (a second caller, the same problem) */
  duplicates: number;
  /** seed of the random choices; unset = a new town every start */
  seed: number | undefined;
  /** password of the demo users */
  password: string;
  /** API key for the IoT alarms ingest (scope `alarms`) */
  iotKey: string;
  /** API key for the video-analytics ingest (scope `video`) */
  videoKey: string;
  /** mean video detections per minute (视频AI), a share of them wrong; 0 switches them off */
  videoRatePerMinute: number;
  /** spikes of one problem in one 片区 (burst.ts), for the trend warnings */
  burst: BurstSettings;
  /** how often the simulator looks at the town */
  tickMs: number;
  /** how often it prints its one-line summary */
  summaryMs: number;
}

export const SIM_DEFAULTS = {
  api: 'http://127.0.0.1:3000',
  // the demo history (seed-demo-history) is seeded at these rates: the live stream must look like its own past
  ratePerMinute: DEMO_REPORT_RATES.reportsPerMinute,
  speed: 1,
  neglect: 0.03,
  duplicates: 0.07,
  password: 'gridops-demo',
  iotKey: 'demo-iot-key',
  videoKey: 'demo-video-key',
  videoRatePerMinute: DEMO_REPORT_RATES.videoPerMinute,
  // the first spike within the first quarter hour, then one every three hours: ~12 reports over 40 minutes
  burstFirstMinutes: 5,
  burstEveryMinutes: 180,
  burstSize: 12,
  burstSpanMinutes: 40,
  tickMs: 3000,
  summaryMs: 60_000,
} as const;

const OFF = ['off', 'false', '0', 'no'];

function number(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function loadSimConfig(env: Record<string, string | undefined> = process.env): SimConfig {
  const switchedOff = OFF.includes((env.SIM ?? '').trim().toLowerCase());
  const ratePerMinute = number(env, 'SIM_RATE', SIM_DEFAULTS.ratePerMinute, 0, 600);
  const api = (env.SIM_API ?? (env.PORT ? `http://127.0.0.1:${env.PORT}` : SIM_DEFAULTS.api)).trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+/.test(api)) throw new Error(`SIM_API must be an http(s) URL, got "${api}"`);
  const seed = env.SIM_SEED === undefined || env.SIM_SEED === '' ? undefined : number(env, 'SIM_SEED', 0, 0, 2 ** 32 - 1);
  return {
    enabled: !switchedOff && ratePerMinute > 0,
    api,
    ratePerMinute,
    speed: number(env, 'SIM_SPEED', SIM_DEFAULTS.speed, 0.01, 10_000),
    neglect: number(env, 'SIM_NEGLECT', SIM_DEFAULTS.neglect, 0, 1),
    duplicates: number(env, 'SIM_DUPLICATES', SIM_DEFAULTS.duplicates, 0, 1),
    seed,
    password: env.SIM_PASSWORD || SIM_DEFAULTS.password,
    iotKey: env.SIM_IOT_KEY || SIM_DEFAULTS.iotKey,
    videoKey: env.SIM_VIDEO_KEY || SIM_DEFAULTS.videoKey,
    videoRatePerMinute: number(env, 'SIM_VIDEO_RATE', SIM_DEFAULTS.videoRatePerMinute, 0, 600),
    burst: {
      firstMinutes: OFF.includes((env.SIM_BURST ?? '').trim().toLowerCase()) ? null : number(env, 'SIM_BURST_FIRST_MIN', SIM_DEFAULTS.burstFirstMinutes, 0, 1440),
      everyMinutes: number(env, 'SIM_BURST_EVERY_MIN', SIM_DEFAULTS.burstEveryMinutes, 10, 7 * 1440),
      size: number(env, 'SIM_BURST_SIZE', SIM_DEFAULTS.burstSize, 1, 200),
      spanMinutes: number(env, 'SIM_BURST_SPAN_MIN', SIM_DEFAULTS.burstSpanMinutes, 1, 600),
    },
    tickMs: number(env, 'SIM_TICK_MS', SIM_DEFAULTS.tickMs, 200, 60_000),
    summaryMs: number(env, 'SIM_SUMMARY_MS', SIM_DEFAULTS.summaryMs, 1000, 3_600_000),
  };
}
