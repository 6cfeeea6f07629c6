import { HttpException, HttpStatus } from '@nestjs/common';

/** Failed sign-ins one client address may make in a minute before it must wait. */
export const FAILED_LOGINS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
/** Addresses remembered at most; past it the one whose failures are oldest is forgotten first. */
const MAX_ADDRESSES = 10_000;

/** 429 with the seconds to wait, in the one error shape (the error filter keeps the message and code). */
export class TooManyFailedLogins extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * 登录失败限制 — stops password guessing: after FAILED_LOGINS_PER_MINUTE wrong passwords (or unknown users) from one
 * address within a minute, that address gets 429 until the oldest of them is a minute old. Only failures count: a
 * whole shift signing in from behind the operations centre's one address at 08:00 is never refused, and a guesser
 * gets no more tries than before. Used by POST /auth/login and the queue board's Basic sign-in.
 *
 * Attempts from one address are checked one after another (`inTurn`): checked side by side, a burst of parallel
 * guesses would all pass the check before the first of them failed. A shift signing in at the same moment waits a
 * password check per person ahead of it (tens of ms each).
 *
 * Kept in this process's memory, like the other rate limits: each api instance counts its own (one per api module,
 * app.module.ts).
 */
export class FailedLogins {
  /** address → times of its recent failures, oldest first; the Map's order is by last failure (oldest address first) */
  private readonly byAddress = new Map<string, number[]>();
  /** address → the end of the last attempt queued from it */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly limit = FAILED_LOGINS_PER_MINUTE,
    private readonly windowMs = WINDOW_MS,
    private readonly maxAddresses = MAX_ADDRESSES,
  ) {}

  /** The refusal to answer with when the address has used up its failures for now; null when it may try. */
  refusal(address: string, now = Date.now()): TooManyFailedLogins | null {
    const recent = this.recent(address, now);
    return recent.length >= this.limit ? new TooManyFailedLogins(Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000))) : null;
  }

  /**
   * One sign-in from the address, in its turn: throws the refusal while the address has no failures left, else runs
   * `signIn` — and counts a failure when it refuses the credentials (answers null, or throws a 401).
   */
  attempt<T>(address: string, signIn: () => Promise<T>): Promise<T> {
    return this.inTurn(address, async () => {
      const refused = this.refusal(address);
      if (refused) throw refused;
      try {
        const outcome = await signIn();
        if (outcome === null) this.recordFailure(address);
        return outcome;
      } catch (err) {
        if (err instanceof HttpException && err.getStatus() === HttpStatus.UNAUTHORIZED) this.recordFailure(address);
        throw err;
      }
    });
  }

  /** Runs `attempt` once every earlier attempt from the address has finished. */
  async inTurn<T>(address: string, attempt: () => Promise<T>): Promise<T> {
    const before = this.turns.get(address) ?? Promise.resolve();
    const mine = before.then(attempt, attempt);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(address, settled);
    try {
      return await mine;
    } finally {
      // the last in the queue cleans up after itself
      if (this.turns.get(address) === settled) this.turns.delete(address);
    }
  }

  recordFailure(address: string, now = Date.now()): void {
    const recent = this.recent(address, now);
    recent.push(now);
    // re-inserted, so the Map stays ordered by each address's last failure
    this.byAddress.delete(address);
    this.byAddress.set(address, recent);
    if (this.byAddress.size > this.maxAddresses) {
      const oldest = this.byAddress.keys().next().value;
      if (oldest !== undefined) this.byAddress.delete(oldest);
    }
  }

  /** the address's failures inside the window (a fresh array when it has none) */
  private recent(address: string, now: number): number[] {
    const times = this.byAddress.get(address);
    if (!times) return [];
    const inWindow = times.filter((t) => now - t < this.windowMs);
    if (inWindow.length === 0) this.byAddress.delete(address);
    else if (inWindow.length !== times.length) this.byAddress.set(address, inWindow);
    return inWindow;
  }
}
