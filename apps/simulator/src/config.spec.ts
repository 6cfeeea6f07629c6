import { SIM_DEFAULTS, loadSimConfig } from './config';

describe('SIM_* settings', () => {
  it('runs lively by default against the local API', () => {
    const c = loadSimConfig({});
    expect(c).toMatchObject({ enabled: true, api: SIM_DEFAULTS.api, ratePerMinute: SIM_DEFAULTS.ratePerMinute, speed: 1, password: 'gridops-demo', iotKey: 'demo-iot-key' });
    expect(c.seed).toBeUndefined();
  });

  it('bursts once soon after start, then every few hours; SIM_BURST=off switches them off', () => {
    expect(loadSimConfig({}).burst).toEqual({ firstMinutes: 5, everyMinutes: 180, size: 12, spanMinutes: 40 });
    expect(loadSimConfig({ SIM_BURST: 'off' }).burst.firstMinutes).toBeNull();
    expect(loadSimConfig({ SIM_BURST_FIRST_MIN: '1', SIM_BURST_SIZE: '20' }).burst).toMatchObject({ firstMinutes: 1, size: 20 });
    expect(() => loadSimConfig({ SIM_BURST_SIZE: '0' })).toThrow(/SIM_BURST_SIZE/);
  });

  it('sends video detections with the demo video key, SIM_VIDEO_RATE per minute (0 = none)', () => {
    expect(loadSimConfig({})).toMatchObject({ videoKey: 'demo-video-key', videoRatePerMinute: SIM_DEFAULTS.videoRatePerMinute });
    expect(loadSimConfig({ SIM_VIDEO_RATE: '0', SIM_VIDEO_KEY: 'k' })).toMatchObject({ videoKey: 'k', videoRatePerMinute: 0, enabled: true });
    expect(() => loadSimConfig({ SIM_VIDEO_RATE: '-1' })).toThrow(/SIM_VIDEO_RATE/);
  });

  it('is switched off by SIM=off or SIM_RATE=0', () => {
    expect(loadSimConfig({ SIM: 'off' }).enabled).toBe(false);
    expect(loadSimConfig({ SIM: 'false' }).enabled).toBe(false);
    expect(loadSimConfig({ SIM_RATE: '0' }).enabled).toBe(false);
    expect(loadSimConfig({ SIM: 'on', SIM_RATE: '60' })).toMatchObject({ enabled: true, ratePerMinute: 60 });
  });

  it('follows PORT when SIM_API is not given, and drops a trailing slash', () => {
    expect(loadSimConfig({ PORT: '3100' }).api).toBe('http://127.0.0.1:3100');
    expect(loadSimConfig({ SIM_API: 'https://gridops.example/', PORT: '3100' }).api).toBe('https://gridops.example');
  });

  it.each([
    ['SIM_RATE', 'lots'],
    ['SIM_RATE', '-1'],
    ['SIM_SPEED', '0'],
    ['SIM_NEGLECT', '2'],
    ['SIM_TICK_MS', '5'],
    ['SIM_API', 'ftp://x'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadSimConfig({ [name]: value })).toThrow(name);
  });
});
