import { Backoff, FailedLogins, TooManyFailedLogins, USERNAME_BACKOFF } from '../src/bootstrap/failed-logins';

/** Who may still try to sign in: failures per username and per address, with doubling waits (times given, no clock). */
describe('failed sign-ins', () => {
  const t0 = 1_800_000_000_000;
  const who = (username: string, address = '10.0.0.1') => ({ username, address });

  describe('back-off', () => {
    const policy = { free: 3, baseMs: 1_000, capMs: 8_000, forgetMs: 60_000, maxKeys: 3 };

    it('lets the free failures through, then doubles the wait with every further failure up to the cap', () => {
      const b = new Backoff(policy);
      const waits: number[] = [];
      for (let i = 0; i < 7; i++) {
        b.fail('k', t0);
        waits.push(b.waitMs('k', t0));
      }
      expect(waits).toEqual([0, 0, 1_000, 2_000, 4_000, 8_000, 8_000]);
      expect(b.waitMs('k', t0 + 7_999)).toBe(1);
      expect(b.waitMs('k', t0 + 8_000)).toBe(0);
    });

    it('forgets a key’s failures a while after its last one, and at once on reset', () => {
      const b = new Backoff(policy);
      for (let i = 0; i < 3; i++) b.fail('k', t0);
      expect(b.failures('k', t0 + 59_999)).toBe(3);
      expect(b.failures('k', t0 + 60_000)).toBe(0);
      for (let i = 0; i < 3; i++) b.fail('j', t0);
      b.reset('j');
      expect(b.waitMs('j', t0)).toBe(0);
    });

    it('remembers a bounded number of keys, forgetting the one whose last failure is oldest', () => {
      const b = new Backoff(policy);
      for (const k of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) b.fail(k, t0);
      b.fail('a', t0 + 1); // b now has the oldest last failure
      b.fail('d', t0 + 2);
      expect(b.failures('a', t0 + 3)).toBe(4);
      expect(b.failures('b', t0 + 3)).toBe(0);
      expect(b.failures('c', t0 + 3)).toBe(3);
    });
  });

  it('holds a username after five failures from any addresses, with the wait in seconds', () => {
    const limits = new FailedLogins();
    for (let i = 0; i < 4; i++) limits.recordFailure(who('lead', `10.0.0.${i}`), t0);
    expect(limits.refusal(who('lead', '10.9.9.9'), t0)).toBeNull();
    limits.recordFailure(who('lead', '10.0.0.5'), t0);
    const refused = limits.refusal(who('lead', '10.9.9.9'), t0 + 1_000);
    expect(refused).toBeInstanceOf(TooManyFailedLogins);
    expect(refused?.getStatus()).toBe(429);
    expect(refused?.counted).toBe('username');
    expect(refused?.retryAfterSeconds).toBe(USERNAME_BACKOFF.baseMs / 1000 - 1);
    expect(limits.refusal(who('operator', '10.0.0.1'), t0 + 1_000)).toBeNull();
    // a success forgives the name
    limits.recordSuccess(who('lead', '10.0.0.1'), t0 + 10_000);
    expect(limits.refusal(who('lead', '10.0.0.1'), t0 + 10_000)).toBeNull();
  });

  it('holds an address after thirty failures of any names, except for names that signed in from it before', () => {
    const limits = new FailedLogins();
    limits.recordSuccess(who('worker.jinsha', '10.1.1.1'), t0);
    for (let i = 0; i < 30; i++) limits.recordFailure(who(`spray.${i}`, '10.1.1.1'), t0 + 1);
    expect(limits.refusal(who('operator', '10.1.1.1'), t0 + 2)?.counted).toBe('address');
    expect(limits.refusal(who('worker.jinsha', '10.1.1.1'), t0 + 2)).toBeNull();
    expect(limits.refusal(who('operator', '10.1.1.2'), t0 + 2)).toBeNull();
  });

  it('never counts what was not recorded as a failure', () => {
    const limits = new FailedLogins();
    for (let i = 0; i < 100; i++) expect(limits.refusal(who('lead'), t0 + i)).toBeNull();
  });

  it('runs the attempts at one username one after another, and those at two side by side', async () => {
    const limits = new FailedLogins();
    const log: string[] = [];
    const release: Record<string, () => void> = {};
    const attempt = (name: string) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        release[name] = () => resolve(name);
      });
    const a1 = limits.inTurn('lead', attempt('a1'));
    const a2 = limits.inTurn('lead', attempt('a2'));
    const b1 = limits.inTurn('operator', attempt('b1'));
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
    await expect(limits.inTurn('lead', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await limits.inTurn('lead', () => Promise.resolve('next'))).toBe('next');
  });
});
