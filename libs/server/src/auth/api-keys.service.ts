import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { ApiKeyScope, ApiKeyView, CreateApiKeyRequest, IssuedApiKey } from '@gridops/contracts';
import { notFound } from '../platform/errors/api-error';
import { ApiKeyEntity } from './api-key.entity';

/** Keys look like `gok_<43 base64url chars>` (256 random bits); demo keys are shorter fixed strings. */
const KEY_PREFIX = 'gok_';
const PREFIX_LENGTH = 12;
/** anything longer is not a key of ours: refuse it before hashing */
export const MAX_API_KEY_LENGTH = 200;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Why a key was refused: `unknown` and `revoked` are 401, `scope` is 403. */
export type ApiKeyRefusal = 'unknown' | 'revoked' | 'scope';
export type ApiKeyCheck = { ok: true; key: ApiKeyEntity } | { ok: false; reason: ApiKeyRefusal };

/**
 * API keys for source systems (Open311 clients, IoT platforms, 12345 imports). An admin issues a key, sees it once,
 * and only its SHA-256 is stored, so a database leak reveals no usable key.
 */
@Injectable()
export class ApiKeysService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async issue(input: CreateApiKeyRequest, createdBy: string | null): Promise<IssuedApiKey> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const row = await this.ds.getRepository(ApiKeyEntity).save(
      Object.assign(new ApiKeyEntity(), {
        name: input.name,
        prefix: key.slice(0, PREFIX_LENGTH),
        keyHash: hashApiKey(key),
        scopes: [...input.scopes],
        createdBy,
        revokedAt: null,
      }),
    );
    return { ...toApiKeyView(row), key };
  }

  /** The key's row when it exists, is not revoked and carries the scope; otherwise why not. */
  async check(key: string, scope: ApiKeyScope): Promise<ApiKeyCheck> {
    if (key.length === 0 || key.length > MAX_API_KEY_LENGTH) return { ok: false, reason: 'unknown' };
    const row = await this.ds.getRepository(ApiKeyEntity).findOneBy({ keyHash: hashApiKey(key) });
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revokedAt !== null) return { ok: false, reason: 'revoked' };
    if (!row.scopes.includes(scope)) return { ok: false, reason: 'scope' };
    return { ok: true, key: row };
  }

  /** The key's row when it may be used for `scope` now, else null. */
  async verify(key: string, scope: ApiKeyScope): Promise<ApiKeyEntity | null> {
    const result = await this.check(key, scope);
    return result.ok ? result.key : null;
  }

  /** Every key, newest first, revoked ones included (an admin wants to see what was switched off). */
  async list(): Promise<ApiKeyView[]> {
    const rows = await this.ds.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map(toApiKeyView);
  }

  /** Revoking is final and idempotent: a second revoke keeps the first time. */
  async revoke(id: string): Promise<ApiKeyView> {
    const repo = this.ds.getRepository(ApiKeyEntity);
    await repo.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    const row = await repo.findOneBy({ id });
    if (!row) throw notFound(`no API key ${id}`);
    return toApiKeyView(row);
  }
}

export function toApiKeyView(row: ApiKeyEntity): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as ApiKeyScope[],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}
