import { Injectable, SetMetadata, UseGuards, applyDecorators, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyScope as Scope } from '@gridops/contracts';
import { ApiError } from '../platform/errors/api-error';
import type { ApiKeyEntity } from './api-key.entity';
import { Public } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';

export const API_KEY_SCOPE = 'gridops:api-key-scope';
export const API_KEY_FIELD = 'gridops:api-key-field';

export interface ApiKeyScopeOptions {
  /**
   * Also read the key from an `api_key` field of the form body or the query string (Open311 GeoReport v2 sends it
   * that way). Off by default: a key in a URL ends up in logs and proxies, so other routes take the header only.
   */
  field?: boolean;
}

/**
 * The route is called by a source system with an API key carrying `scope` (header `X-Api-Key`), not by a logged-in
 * user: it is public for the JWT guard and guarded by ApiKeyGuard instead. The key's row is on `@CurrentApiKey()`.
 */
export const ApiKeyScope = (scope: Scope, opts: ApiKeyScopeOptions = {}) =>
  applyDecorators(Public(), SetMetadata(API_KEY_SCOPE, scope), SetMetadata(API_KEY_FIELD, opts.field === true), UseGuards(ApiKeyGuard));

interface KeyedRequest {
  headers: Record<string, string | string[] | undefined>;
  query?: unknown;
  body?: unknown;
  apiKey?: ApiKeyEntity;
}

/** The API key the guard accepted for this request. */
export const CurrentApiKey = createParamDecorator((_: unknown, ctx: ExecutionContext): ApiKeyEntity => {
  const key = ctx.switchToHttp().getRequest<KeyedRequest>().apiKey;
  if (!key) throw new Error('@CurrentApiKey() used on a route without @ApiKeyScope()');
  return key;
});

function fieldOf(source: unknown): string | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>).api_key;
  return typeof value === 'string' ? value : undefined;
}

/** Where the caller put its key: the header first, then (when the route allows it) `api_key` in the body or query. */
export function apiKeyOf(req: KeyedRequest, allowField: boolean): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  if (!allowField) return undefined;
  return fieldOf(req.body) ?? fieldOf(req.query);
}

/** Missing or unknown/revoked key → 401; a key without the route's scope → 403. Errors in the one error shape. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const scope = this.reflector.getAllAndOverride<Scope | undefined>(API_KEY_SCOPE, targets);
    if (!scope) throw new Error('ApiKeyGuard on a route without @ApiKeyScope()');
    const req = ctx.switchToHttp().getRequest<KeyedRequest>();
    const key = apiKeyOf(req, this.reflector.getAllAndOverride<boolean>(API_KEY_FIELD, targets) === true);
    if (key === undefined) {
      throw new ApiError(401, 'API_KEY_REQUIRED', 'send the API key in the X-Api-Key header');
    }
    const result = await this.keys.check(key, scope);
    if (!result.ok) {
      if (result.reason === 'scope') throw new ApiError(403, 'API_KEY_SCOPE', `this API key may not be used for ${scope}`);
      throw new ApiError(401, 'API_KEY_INVALID', result.reason === 'revoked' ? 'this API key was revoked' : 'unknown API key');
    }
    req.apiKey = result.key;
    return true;
  }
}
