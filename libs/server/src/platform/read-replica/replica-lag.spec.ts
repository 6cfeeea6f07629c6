import { PrimaryWalSamples, walBytes } from './replica-lag';

describe('walBytes', () => {
  it('reads a WAL position as high and low 32-bit halves', () => {
    expect(walBytes('0/0')).toBe(0n);
    expect(walBytes('0/16B3748')).toBe(0x16b3748n);
    expect(walBytes('1/0')).toBe(1n << 32n);
    expect(walBytes('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(walBytes('1/0') > walBytes('0/FFFFFFFF')).toBe(true);
  });

  it('refuses what is not a WAL position', () => {
    expect(() => walBytes('')).toThrow(/not a WAL position/);
    expect(() => walBytes('12345')).toThrow(/not a WAL position/);
    expect(() => walBytes('0/123456789')).toThrow(/not a WAL position/);
  });
});

describe('PrimaryWalSamples', () => {
  it('knows no lag before the primary has been sampled', () => {
    expect(new PrimaryWalSamples(10_000).lagMs(5n, 1000)).toBeNull();
  });

  it('counts a replica that has replayed the newest sample as current, however long the primary was idle', () => {
    const s = new PrimaryWalSamples(10_000);
    s.add(100n, 0);
    s.add(100n, 60_000); // an idle primary: its position has not moved for a minute
    expect(s.lagMs(100n, 60_005)).toBe(5);
  });

  it('measures a replica behind the newest sample from the newest sample it has passed', () => {
    const s = new PrimaryWalSamples(10_000);
    s.add(100n, 1000);
    s.add(200n, 2000);
    s.add(300n, 3000);
    expect(s.lagMs(250n, 3100)).toBe(1100); // holds everything up to 2000 at least
    expect(s.lagMs(200n, 3100)).toBe(1100);
    expect(s.lagMs(199n, 3100)).toBe(2100);
  });

  it('calls a replica behind every sample kept at least as stale as the oldest one', () => {
    const s = new PrimaryWalSamples(1000);
    for (let t = 0; t <= 5000; t += 500) s.add(BigInt(100 + t), t);
    // samples older than 1 s before the newest are dropped: the oldest kept is at 4000
    expect(s.lagMs(50n, 5000)).toBe(1000);
  });
});
