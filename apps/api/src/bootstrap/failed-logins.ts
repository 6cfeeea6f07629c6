import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 with the seconds to wait, in the one error shape (the error filter keeps the message and code). */
export class TooManyFailedLogins extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    readonly counted: 'username' | 'address',
  ) {
    super(
      counted === 'username'
        ? `too many failed sign-ins for this username; try again in ${retryAfterSeconds} s`
        : `too many failed sign-ins from this address; try again in ${retryAfterSeconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** How one kind of key (a username, an address) is slowed down. */
export interface BackoffPolicy {
  /** failures allowed before the first wait */
  free: number;
  /** the first wait; each further failure doubles it */
  baseMs: number;
  /** the longest wait */
  capMs: number;
  /** failures are forgotten this long after the key's last one */
  forgetMs: number;
  /** keys remembered at most; past it the one whose last failure is oldest is forgotten first */
  maxKeys: number;
}

/** A person mistyping: five tries, then 5 s, 10 s, 20 s … up to 15 min between guesses at one name. */
export const USERNAME_BACKOFF: BackoffPolicy = { free: 5, baseMs: 5_000, capMs: 15 * 60_000, forgetMs: 60 * 60_000, maxKeys: 50_000 };
/**
 * An operations centre's shift behind one NAT address: thirty failures (typos of many people) before the address has
 * to wait, then 5 s doubling up to 5 min — for names that never signed in from it (see FailedLogins).
 */
export const ADDRESS_BACKOFF: BackoffPolicy = { free: 30, baseMs: 5_000, capMs: 5 * 60_000, forgetMs: 15 * 60_000, maxKeys: 10_000 };
/** How long a username that signed in from an address is known there. */
export const KNOWN_PAIR_MS = 30 * 24 * 3600_000;
const MAX_KNOWN_PAIRS = 50_000;

/** Failures per key with exponential back-off; times are passed in (no clock), so it is tested without waiting. */
export class Backoff {
  /** key → its failures; the Map's order is by last failure (oldest first) */
  private readonly entries = new Map<string, { failures: number; lastAt: number; lockedUntil: number }>();

  constructor(readonly policy: BackoffPolicy) {}

  /** ms the key must still wait (0: it may try now) */
  waitMs(key: string, now: number): number {
    const e = this.entry(key, now);
    return e ? Math.max(0, e.lockedUntil - now) : 0;
  }

  /** failures remembered for the key */
  failures(key: string, now: number): number {
    return this.entry(key, now)?.failures ?? 0;
  }

  fail(key: string, now: number): void {
    const e = this.entry(key, now) ?? { failures: 0, lastAt: now, lockedUntil: 0 };
    e.failures++;
    e.lastAt = now;
    if (e.failures >= this.policy.free) e.lockedUntil = now + Math.min(this.policy.baseMs * 2 ** (e.failures - this.policy.free), this.policy.capMs);
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > this.policy.maxKeys) this.entries.delete(this.entries.keys().next().value as string);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private entry(key: string, now: number) {
    const e = this.entries.get(key);
    if (e && now - e.lastAt >= this.policy.forgetMs && now >= e.lockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }
}

export interface SignIn {
  address: string;
  username: string;
}

/**
 * 登录失败限制 — slows password guessing without shutting out a shift (issue #13 item 9). Failures are counted per
 * username and per address, separately, each with exponential back-off:
 *
 * - **Per username** (USERNAME_BACKOFF), from whatever addresses: a guesser of one name gets five tries, then waits
 *   5 s, 10 s, 20 s … 15 min; the right password resets it. Attempts at one name run one after another, so a burst
 *   of parallel guesses is counted as it goes. Unknown names are counted the same way, so waits do not tell which
 *   names exist.
 * - **Per address** (ADDRESS_BACKOFF): thirty failures of any names, then waits — but only for names that have not
 *   signed in from that address in the last 30 days. The people of an operations centre behind one NAT address sign
 *   in from it every day, so a guesser in the same building (or their own typos) never holds them up; a guesser
 *   spraying names is slowed. Attempts in flight count against the address until they succeed, so a parallel burst
 *   cannot slip past the count.
 *
 * Kept in this process's memory, like the other rate limits: each api instance counts its own (one per api module,
 * app.module.ts); with n instances a guesser gets at most n times the tries, which the doubling waits absorb.
 */
export class FailedLogins {
  private readonly byUsername: Backoff;
  private readonly byAddress: Backoff;
  /** `username \0 address` → last successful sign-in; the Map's order is by that time */
  private readonly knownPairs = new Map<string, number>();
  /** address → sign-ins in flight from it (for names not known there) */
  private readonly pending = new Map<string, number>();
  /** username → the end of the last attempt queued for it */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    usernamePolicy: BackoffPolicy = USERNAME_BACKOFF,
    addressPolicy: BackoffPolicy = ADDRESS_BACKOFF,
    private readonly knownPairMs = KNOWN_PAIR_MS,
  ) {
    this.byUsername = new Backoff(usernamePolicy);
    this.byAddress = new Backoff(addressPolicy);
  }

  /** The refusal to answer with when this sign-in must wait; null when it may try now. */
  refusal(who: SignIn, now = Date.now()): TooManyFailedLogins | null {
    const userWait = this.byUsername.waitMs(who.username, now);
    if (userWait > 0) return new TooManyFailedLogins(Math.ceil(userWait / 1000), 'username');
    if (this.isKnown(who, now)) return null;
    const addressWait = this.byAddress.waitMs(who.address, now);
    if (addressWait > 0) return new TooManyFailedLogins(Math.ceil(addressWait / 1000), 'address');
    // attempts in flight count as failures until they succeed; past the free ones, one at a time
    const room = Math.max(1, this.byAddress.policy.free - this.byAddress.failures(who.address, now));
    if ((this.pending.get(who.address) ?? 0) >= room) return new TooManyFailedLogins(1, 'address');
    return null;
  }

  /**
   * One sign-in, in its username's turn: throws the refusal while it must wait, else runs `signIn` — and counts a
   * failure when it refuses the credentials (answers null, or throws a 401), a success otherwise.
   */
  attempt<T>(who: SignIn, signIn: () => Promise<T>): Promise<T> {
    return this.inTurn(who.username, async () => {
      const refused = this.refusal(who);
      if (refused) throw refused;
      const counted = !this.isKnown(who, Date.now());
      if (counted) this.pending.set(who.address, (this.pending.get(who.address) ?? 0) + 1);
      try {
        const outcome = await signIn();
        if (outcome === null) this.recordFailure(who);
        else this.recordSuccess(who);
        return outcome;
      } catch (err) {
        if (err instanceof HttpException && err.getStatus() === HttpStatus.UNAUTHORIZED) this.recordFailure(who);
        throw err;
      } finally {
        if (counted) {
          const left = (this.pending.get(who.address) ?? 1) - 1;
          if (left > 0) this.pending.set(who.address, left);
          else this.pending.delete(who.address);
        }
      }
    });
  }

  /** Runs `attempt` once every earlier attempt for the same key has finished. */
  async inTurn<T>(key: string, attempt: () => Promise<T>): Promise<T> {
    const before = this.turns.get(key) ?? Promise.resolve();
    const mine = before.then(attempt, attempt);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(key, settled);
    try {
      return await mine;
    } finally {
      // the last in the queue cleans up after itself
      if (this.turns.get(key) === settled) this.turns.delete(key);
    }
  }

  recordFailure(who: SignIn, now = Date.now()): void {
    this.byUsername.fail(who.username, now);
    this.byAddress.fail(who.address, now);
  }

  recordSuccess(who: SignIn, now = Date.now()): void {
    this.byUsername.reset(who.username);
    const pair = pairKey(who);
    this.knownPairs.delete(pair);
    this.knownPairs.set(pair, now);
    if (this.knownPairs.size > MAX_KNOWN_PAIRS) this.knownPairs.delete(this.knownPairs.keys().next().value as string);
  }

  private isKnown(who: SignIn, now: number): boolean {
    const at = this.knownPairs.get(pairKey(who));
    return at !== undefined && now - at < this.knownPairMs;
  }
}

const pairKey = (who: SignIn) => `${who.username}\u0000${who.address}`;
