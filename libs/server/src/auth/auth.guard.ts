import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@gridops/domain';
import { forbidden, unauthorized } from '../platform/errors/api-error';
import { PUBLIC_ROUTE, ROLES_KEY } from './auth.decorators';
import type { Principal } from './principal';
import { TokenService } from './token.service';

/**
 * The one guard (registered globally): a bearer access token on every route not marked @Public(), then the
 * route's @Roles(). District scope is the services' job, and the SQL's again.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // websocket messages: the socket was authenticated at its handshake (live.gateway.ts)
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4000})$/.exec(header);
    if (!match) throw unauthorized('send Authorization: Bearer <access token>');
    const principal = await this.tokens.verifyAccess(match[1]);
    if (!principal) throw unauthorized('the access token is invalid or expired');
    req.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) throw forbidden(`this needs one of the roles: ${roles.join(', ')}`);
    return true;
  }
}
