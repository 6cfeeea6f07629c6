import { FailedLogins, TooManyFailedLogins } from '../src/bootstrap/failed-logins';

/** Who may still try to sign in: failures per address in a sliding minute (times given explicitly, no clock). */
describe('failed sign-ins per address', () => {
  const t0 = 1_800_000_000_000;

  it('refuses an address after ten failures in a minute, and says how long to wait', () => {
    const limits = new FailedLogins();
    for (let i = 0; i < 9; i++) limits.recordFailure('10.0.0.1', t0 + i * 1000);
    expect(limits.refusal('10.0.0.1', t0 + 9_500)).toBeNull();
    limits.recordFailure('10.0.0.1', t0 + 9_000);
    const refused = limits.refusal('10.0.0.1', t0 + 9_500);
    expect(refused).toBeInstanceOf(TooManyFailedLogins);
    expect(refused?.getStatus()).toBe(429);
    // the oldest failure (t0) leaves the window at t0 + 60 s
    expect(refused?.retryAfterSeconds).toBe(51);
    expect(limits.refusal('10.0.0.2', t0 + 9_500)).toBeNull();
  });

  it('lets the address try again as its oldest failures leave the minute', () => {
    const limits = new FailedLogins();
    for (let i = 0; i < 10; i++) limits.recordFailure('10.0.0.1', t0 + i * 1000);
    expect(limits.refusal('10.0.0.1', t0 + 59_999)).not.toBeNull();
    expect(limits.refusal('10.0.0.1', t0 + 60_000)).toBeNull();
    // one more failure now: ten again in the window (1 s … 9 s, and this one)
    limits.recordFailure('10.0.0.1', t0 + 60_000);
    expect(limits.refusal('10.0.0.1', t0 + 60_000)).not.toBeNull();
  });

  it('runs the attempts of one address one after another, and those of two addresses side by side', async () => {
    const limits = new FailedLogins();
    const log: string[] = [];
    const release: Record<string, () => void> = {};
    const attempt = (name: string) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        release[name] = () => resolve(name);
      });
    const a1 = limits.inTurn('10.0.0.1', attempt('a1'));
    const a2 = limits.inTurn('10.0.0.1', attempt('a2'));
    const b1 = limits.inTurn('10.0.0.2', attempt('b1'));
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a1', 'start b1']);
    release.a1();
    expect(await a1).toBe('a1');
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a1', 'start b1', 'start a2']);
    release.a2();
    release.b1();
    expect(await Promise.all([a2, b1])).toEqual(['a2', 'b1']);
    // a failed attempt does not stop the next one in the queue
    await expect(limits.inTurn('10.0.0.1', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await limits.inTurn('10.0.0.1', () => Promise.resolve('next'))).toBe('next');
  });

  it('never counts what was not recorded as a failure', () => {
    const limits = new FailedLogins();
    for (let i = 0; i < 100; i++) expect(limits.refusal('10.0.0.1', t0 + i)).toBeNull();
  });

  it('remembers a bounded number of addresses, forgetting the one whose last failure is oldest', () => {
    const limits = new FailedLogins(2, 60_000, 3);
    for (const a of ['a', 'b', 'c']) {
      limits.recordFailure(a, t0);
      limits.recordFailure(a, t0 + 1);
    }
    // a fails again, so b now has the oldest last failure and goes when d arrives
    limits.recordFailure('a', t0 + 2);
    limits.recordFailure('d', t0 + 3);
    expect(limits.refusal('a', t0 + 4)).not.toBeNull();
    expect(limits.refusal('b', t0 + 4)).toBeNull();
    expect(limits.refusal('c', t0 + 4)).not.toBeNull();
  });
});
