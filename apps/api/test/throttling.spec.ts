import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { Public } from '@gridops/server';
import { HttpThrottlerGuard } from '../src/bootstrap/http-throttler.guard';

/** Whose budget a request spends: per caller on routes behind a login, per address on public ones (login above all). */
describe('HTTP rate limits: who is counted', () => {
  // two handlers standing in for a controller's: one behind the login, one public
  class Routes {
    casesList(): string {
      return 'cases';
    }
    login(): string {
      return 'token';
    }
  }
  Public()(Routes.prototype, 'login', Object.getOwnPropertyDescriptor(Routes.prototype, 'login') as PropertyDescriptor);

  const guard = new HttpThrottlerGuard([{ ttl: 60_000, limit: 600 }], new ThrottlerStorageService(), new Reflector());
  const track = (route: 'casesList' | 'login', ip: string, headers: Record<string, string> = {}) =>
    (guard as unknown as { getTracker(req: unknown, ctx: ExecutionContext): Promise<string> }).getTracker({ ip, headers }, {
      getHandler: () => Routes.prototype[route],
      getClass: () => Routes,
    } as unknown as ExecutionContext);

  it('counts two people behind one address separately, and one person on two addresses once', async () => {
    const a = await track('casesList', '10.0.0.1', { authorization: 'Bearer token-of-a' });
    const b = await track('casesList', '10.0.0.1', { authorization: 'Bearer token-of-b' });
    const aElsewhere = await track('casesList', '10.9.9.9', { authorization: 'Bearer token-of-a' });
    expect(a).not.toBe(b);
    expect(aElsewhere).toBe(a);
  });

  it('counts an integration by its API key header', async () => {
    expect(await track('casesList', '10.0.0.1', { 'x-api-key': 'k1' })).not.toBe(await track('casesList', '10.0.0.1', { 'x-api-key': 'k2' }));
  });

  it('counts login per address whatever token comes with it, so made-up tokens do not multiply password guesses', async () => {
    const plain = await track('login', '10.0.0.1');
    expect(await track('login', '10.0.0.1', { authorization: 'Bearer made-up-1' })).toBe(plain);
    expect(await track('login', '10.0.0.1', { authorization: 'Bearer made-up-2', 'x-api-key': 'x' })).toBe(plain);
    expect(await track('login', '10.0.0.2')).not.toBe(plain);
  });

  it('counts a request that names no caller per address', async () => {
    expect(await track('casesList', '10.0.0.1')).toBe(await track('casesList', '10.0.0.1', { authorization: 'Basic abc' }));
  });
});
