import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PgListener } from '../platform/database/pg-listener.service';

/** NOTIFYed at commit by a trigger on `users` whenever a user's token version or active flag changes (migration 1764660013000). */
export const USER_ACCESS_CHANNEL = 'gridops_user_access';

/** What a token is checked against: the user's current token version and whether they may sign in at all. */
export interface UserAccessState {
  version: number;
  active: boolean;
}

/** A change heard on USER_ACCESS_CHANNEL; `state` null when the user was deleted. */
export interface UserAccessChange {
  userId: string;
  state: UserAccessState | null;
}

/** While every change is heard, a cached state is trusted this long (a safety net for a silently dead connection). */
export const ACCESS_CACHE_MS_LISTENING = 60_000;
/** While the listener is down, a state is trusted only this long: changes are then picked up within a second. */
export const ACCESS_CACHE_MS_DEAF = 1_000;
const MAX_USERS = 20_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** user ids, family and token ids are uuids; anything else is refused before it reaches a uuid column */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** `<id>:<version>:<0|1>` or `<id>:deleted` → the change, or null when malformed. */
export function parseUserAccessChange(payload: string): UserAccessChange | null {
  const [userId, version, active] = payload.split(':');
  if (!isUuid(userId)) return null;
  if (version === 'deleted') return { userId, state: null };
  const v = Number(version);
  if (!Number.isInteger(v) || (active !== '0' && active !== '1')) return null;
  return { userId, state: { version: v, active: active === '1' } };
}

/**
 * The per-instance copy of users' access states, with no I/O (UserAccessService feeds it). `null` is remembered too
 * (no such user), so a token for a made-up user does not cost a query per request either.
 *
 * A load that was under way when a change was heard is used for its one request but not remembered: it may have
 * read the row before the change committed (`generation`).
 */
export class UserAccessStates {
  private readonly states = new Map<string, { state: UserAccessState | null; at: number }>();
  private generation = 0;

  constructor(private readonly max = MAX_USERS) {}

  get(userId: string, now: number, ttlMs: number): UserAccessState | null | undefined {
    const entry = this.states.get(userId);
    if (!entry) return undefined;
    if (now - entry.at >= ttlMs) {
      this.states.delete(userId);
      return undefined;
    }
    return entry.state;
  }

  /** the generation a load starts in; pass it back to `loaded` */
  startLoad(): number {
    return this.generation;
  }

  loaded(userId: string, state: UserAccessState | null, startedIn: number, now: number): void {
    if (startedIn !== this.generation) return;
    this.put(userId, state, now);
  }

  /** a change committed: remember the new state as heard */
  changed(change: UserAccessChange, now: number): void {
    this.generation++;
    this.put(change.userId, change.state, now);
  }

  /** forget one user (this instance changed them and has not heard its own NOTIFY yet) */
  forget(userId: string): void {
    this.generation++;
    this.states.delete(userId);
  }

  /** forget everyone (changes may have been missed while not listening) */
  clear(): void {
    this.generation++;
    this.states.clear();
  }

  get size(): number {
    return this.states.size;
  }

  private put(userId: string, state: UserAccessState | null, now: number): void {
    this.states.delete(userId);
    if (this.states.size >= this.max) this.states.delete(this.states.keys().next().value as string);
    this.states.set(userId, { state, at: now });
  }
}

/**
 * 令牌对照用户 — every access token is checked against its user: the user must exist, be active, and still have the
 * token version the token was issued with (bumped by the database on deactivation, a role/片区/unit change or a new
 * password). Checked on every request and websocket handshake, from a per-instance cache: in steady state no query.
 *
 * The cache is kept true by LISTEN on USER_ACCESS_CHANNEL (the process's one LISTEN connection, PgListener): the
 * trigger's NOTIFY reaches every instance at commit, so a change holds everywhere at once, whoever made it (admin
 * screen, script, psql). While that connection is down, states are trusted for a second only, and all are forgotten
 * when it is back. Changes are also passed to `onChange` listeners (the live gateway closes the user's sockets).
 */
@Injectable()
export class UserAccessService implements OnApplicationBootstrap {
  private readonly logger = new Logger('user-access');
  private readonly states = new UserAccessStates();
  private readonly inFlight = new Map<string, Promise<UserAccessState | null>>();
  private readonly listeners = new Set<(change: UserAccessChange) => void>();
  private listening = false;
  /** how many times a user's state was read from the database (for tests and metrics) */
  loads = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pg: PgListener,
  ) {}

  onApplicationBootstrap(): void {
    this.pg.subscribe(USER_ACCESS_CHANNEL, { notified: (payload) => this.heard(payload), hearing: (on) => this.setListening(on) });
  }

  /** Whether a token of `version` for `userId` may be used now. */
  async isCurrent(userId: string, version: number): Promise<boolean> {
    const state = await this.state(userId);
    return state !== null && state.active && state.version === version;
  }

  /** From the cache only: true/false when known, undefined when it would take a query. */
  isCurrentNow(userId: string, version: number): boolean | undefined {
    const state = this.states.get(userId, Date.now(), this.ttl());
    if (state === undefined) return undefined;
    return state !== null && state.active && state.version === version;
  }

  async state(userId: string): Promise<UserAccessState | null> {
    if (!isUuid(userId)) return null;
    const known = this.states.get(userId, Date.now(), this.ttl());
    if (known !== undefined) return known;
    let loading = this.inFlight.get(userId);
    if (!loading) {
      loading = this.load(userId).finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, loading);
    }
    return loading;
  }

  /** This instance changed the user: do not wait for its own NOTIFY to stop trusting the cached state. */
  forget(userId: string): void {
    this.states.forget(userId);
  }

  onChange(fn: (change: UserAccessChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private ttl(): number {
    return this.listening ? ACCESS_CACHE_MS_LISTENING : ACCESS_CACHE_MS_DEAF;
  }

  private async load(userId: string): Promise<UserAccessState | null> {
    const startedIn = this.states.startLoad();
    this.loads++;
    const rows = (await this.ds.query(`SELECT token_version, active FROM users WHERE id = $1`, [userId])) as { token_version: number; active: boolean }[];
    const state = rows.length > 0 ? { version: rows[0].token_version, active: rows[0].active } : null;
    this.states.loaded(userId, state, startedIn, Date.now());
    return state;
  }

  private heard(payload: string): void {
    const change = parseUserAccessChange(payload);
    if (!change) return;
    this.states.changed(change, Date.now());
    for (const fn of this.listeners) {
      try {
        fn(change);
      } catch (err) {
        this.logger.warn(`a user-access listener failed: ${(err as Error).message}`);
      }
    }
  }

  private setListening(on: boolean): void {
    if (this.listening === on) return;
    this.listening = on;
    // either way, what is cached may predate a change nobody heard
    this.states.clear();
  }
}
