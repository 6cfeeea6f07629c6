import type { Me, TokenPair } from '@gridops/contracts';
import { errorText, type ApiAnswer, type ApiTransport, type HttpMethod, type UploadFile } from './api-client';

interface Session {
  me: Me;
  token: string;
  refreshToken: string;
  expiresAt: number;
}

/** Refresh this long before the access token expires, so no call goes out with a token about to lapse. */
const REFRESH_MARGIN_MS = 120_000;
/** The API slows failed logins (per username and per address); when it says no, wait as long as it asks (or a minute). */
const LOGIN_PAUSE_MS = 60_000;

/**
 * The demo users the simulator plays, logged in lazily and kept logged in: tokens are refreshed before they expire
 * and a 401 drops the session so the next call logs in again. Logins are spread out when the API throttles them.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();
  /** users whose login was refused (unknown, wrong password, deactivated): not tried again, not logged again */
  private readonly refused = new Set<string>();
  private loginPausedUntil = 0;

  constructor(
    private readonly api: ApiTransport,
    private readonly password: string,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Who this user is, once logged in. */
  me(username: string): Me | null {
    return this.sessions.get(username)?.me ?? null;
  }

  /** A usable session, logging in or refreshing as needed; null when the user cannot be logged in right now. */
  async ensure(username: string): Promise<Me | null> {
    const s = await this.session(username);
    return s?.me ?? null;
  }

  /** A call as this user; null when they cannot be logged in now. A 401 drops the session for the next attempt. */
  async call<T>(username: string, method: HttpMethod, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T> | null> {
    const s = await this.session(username);
    if (!s) return null;
    const res = await this.api.request<T>(method, path, { token: s.token, body, headers });
    if (res.status === 401) this.sessions.delete(username);
    return res;
  }

  /** A multipart upload as this user; null when they cannot be logged in now. */
  async upload<T>(username: string, path: string, fields: Record<string, string>, file: UploadFile): Promise<ApiAnswer<T> | null> {
    const s = await this.session(username);
    if (!s) return null;
    const res = await this.api.upload<T>(path, s.token, fields, file);
    if (res.status === 401) this.sessions.delete(username);
    return res;
  }

  private async session(username: string): Promise<Session | null> {
    const s = this.sessions.get(username);
    if (s && s.expiresAt - this.now() > REFRESH_MARGIN_MS) return s;
    if (s) {
      const refreshed = await this.refresh(username, s);
      if (refreshed) return refreshed;
      this.sessions.delete(username);
    }
    return this.login(username);
  }

  private async refresh(username: string, s: Session): Promise<Session | null> {
    const res = await this.api.request<TokenPair>('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.refreshToken } });
    if (res.status !== 200) return null;
    const next = { ...s, token: res.body.accessToken, refreshToken: res.body.refreshToken, expiresAt: this.now() + res.body.expiresIn * 1000 };
    this.sessions.set(username, next);
    return next;
  }

  private async login(username: string): Promise<Session | null> {
    if (this.refused.has(username) || this.now() < this.loginPausedUntil) return null;
    const res = await this.api.request<TokenPair>('POST', '/api/v1/auth/login', { body: { username, password: this.password } });
    if (res.status === 429) {
      this.loginPausedUntil = this.now() + (res.retryAfterS ? res.retryAfterS * 1000 : LOGIN_PAUSE_MS);
      return null;
    }
    if (res.status === 401 || res.status === 403 || res.status === 400) {
      this.refused.add(username);
      this.log(`cannot log in as ${username} (${res.status} ${errorText(res.body)}); playing on without them`);
      return null;
    }
    if (res.status !== 200) {
      this.loginPausedUntil = this.now() + 10_000;
      this.log(`login ${username}: HTTP ${res.status} ${errorText(res.body)}`);
      return null;
    }
    const tokens = res.body;
    const me = await this.api.request<Me>('GET', '/api/v1/auth/me', { token: tokens.accessToken });
    if (me.status !== 200) {
      this.log(`who am I (${username}): HTTP ${me.status} ${errorText(me.body)}`);
      return null;
    }
    const s: Session = { me: me.body, token: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: this.now() + tokens.expiresIn * 1000 };
    this.sessions.set(username, s);
    return s;
  }
}
