import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RefreshIdentity } from './token.service';
import { isUuid } from './user-access.service';

/**
 * How long after a rotation the token just spent may come back and get the same answer again: two tabs (or the
 * simulator's parallel calls) refreshing with the same token at once, or a retry after a lost answer. Later — or a
 * token spent longer ago — is reuse.
 */
export const REFRESH_REUSE_GRACE_MS = 10_000;

/** What spending a refresh token comes to. */
export type RefreshDecision =
  /** it was the family's current token: here is the next one */
  | { kind: 'rotated'; next: RefreshIdentity }
  /** it was spent moments ago (a benign race): the same next token again */
  | { kind: 'repeated'; current: RefreshIdentity }
  | { kind: 'refused'; reason: 'unknown-family' | 'revoked' | 'reused' };

interface FamilyRow {
  current_jti: string;
  iat: string;
  exp: string;
  previous_jti: string | null;
  in_grace: boolean | null;
  revoked_at: Date | null;
}

/** A uuid-shaped name derived from a hash (for refresh tokens issued before families existed). */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text, 'utf8').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * 刷新令牌家族 — refresh-token rotation with reuse detection. A sign-in starts a family (one row); each refresh spends
 * the family's current token and makes the next one current, so a refresh token works once. A token of the family
 * that is not current — spent before, so copied or replayed — revokes the whole family: whoever holds the newest token
 * (the user or a thief) must sign in again. Only the family's current and previous token ids are kept, never tokens.
 * The row is locked while a token is spent, so two api instances spending the same token at once are serialized.
 */
@Injectable()
export class RefreshFamilies {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A new family for a sign-in (and the user's expired or long-revoked families go). */
  async start(userId: string, ttlSeconds: number): Promise<RefreshIdentity> {
    const first = nextIdentity(randomUUID(), ttlSeconds);
    await this.ds.query(`DELETE FROM refresh_families WHERE user_id = $1 AND (current_expires_at < now() OR revoked_at < now() - interval '1 day')`, [userId]);
    await this.ds.query(
      `INSERT INTO refresh_families (id, user_id, current_jti, current_issued_at, current_expires_at) VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5))`,
      [first.family, userId, first.jti, first.issuedAt, first.expiresAt],
    );
    return first;
  }

  /**
   * Spend a verified refresh token of `userId`. A token from before families existed (no `fam`/`jti`) becomes the
   * first and current token of a family named after its hash, so it too works once.
   */
  async spend(userId: string, presented: RefreshIdentity | { legacyToken: string; issuedAt: number; expiresAt: number }, ttlSeconds: number): Promise<RefreshDecision> {
    const token: RefreshIdentity =
      'legacyToken' in presented
        ? { family: uuidFrom(`family:${presented.legacyToken}`), jti: uuidFrom(`jti:${presented.legacyToken}`), issuedAt: presented.issuedAt, expiresAt: presented.expiresAt }
        : presented;
    if (!isUuid(token.family) || !isUuid(token.jti)) return { kind: 'refused', reason: 'unknown-family' };
    return this.ds.transaction(async (m) => {
      if ('legacyToken' in presented) {
        await m.query(
          `INSERT INTO refresh_families (id, user_id, current_jti, current_issued_at, current_expires_at) VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5)) ON CONFLICT (id) DO NOTHING`,
          [token.family, userId, token.jti, token.issuedAt, token.expiresAt],
        );
      }
      const rows = (await m.query(
        `SELECT current_jti, extract(epoch FROM current_issued_at)::bigint AS iat, extract(epoch FROM current_expires_at)::bigint AS exp,
                previous_jti, rotated_at > now() - make_interval(secs => $3::float8) AS in_grace, revoked_at
           FROM refresh_families WHERE id = $1 AND user_id = $2 FOR UPDATE`,
        [token.family, userId, REFRESH_REUSE_GRACE_MS / 1000],
      )) as FamilyRow[];
      const row = rows[0];
      if (!row) return { kind: 'refused', reason: 'unknown-family' };
      if (row.revoked_at !== null) return { kind: 'refused', reason: 'revoked' };
      if (row.current_jti === token.jti) {
        const next = nextIdentity(token.family, ttlSeconds);
        await m.query(
          `UPDATE refresh_families SET previous_jti = current_jti, current_jti = $2, current_issued_at = to_timestamp($3), current_expires_at = to_timestamp($4), rotated_at = now() WHERE id = $1`,
          [token.family, next.jti, next.issuedAt, next.expiresAt],
        );
        return { kind: 'rotated', next };
      }
      if (row.previous_jti === token.jti && row.in_grace === true) {
        return { kind: 'repeated', current: { family: token.family, jti: row.current_jti, issuedAt: Number(row.iat), expiresAt: Number(row.exp) } };
      }
      await m.query(`UPDATE refresh_families SET revoked_at = now(), revoked_reason = 'reuse' WHERE id = $1`, [token.family]);
      return { kind: 'refused', reason: 'reused' };
    });
  }
}

function nextIdentity(family: string, ttlSeconds: number): RefreshIdentity {
  const issuedAt = Math.floor(Date.now() / 1000);
  return { family, jti: randomUUID(), issuedAt, expiresAt: issuedAt + ttlSeconds };
}
