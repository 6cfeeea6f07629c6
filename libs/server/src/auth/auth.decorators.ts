import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@gridops/domain';
import type { Principal } from './principal';

export const PUBLIC_ROUTE = 'gridops:public';
export const ROLES_KEY = 'gridops:roles';

/** Every route is guarded unless it says, here, that it is public. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route (district scope is checked in the service and again in SQL). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
