import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { PUBLIC_ROUTE } from '@gridops/server';

/**
 * Rate limits are for HTTP requests; websocket messages ride an authenticated socket.
 *
 * On routes that need a login, counted per caller (its bearer token or API key header): an operations centre's staff
 * sit behind one address, and one budget for all of them would throttle a whole shift at once; a made-up token buys
 * nothing there, the auth guard refuses it. Public routes — login above all — are counted per address, whatever
 * headers come with them.
 */
@Injectable()
export class HttpThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(ctx: ExecutionContext): Promise<boolean> {
    return ctx.getType() !== 'http';
  }

  protected override async getTracker(req: Record<string, unknown>, ctx?: ExecutionContext): Promise<string> {
    const address = `ip:${String(req.ip)}`;
    if (!ctx || this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [ctx.getHandler(), ctx.getClass()])) return address;
    const headers = (req.headers ?? {}) as Record<string, string | string[] | undefined>;
    const authorization = headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ') && authorization.length > 7) return `token:${authorization.slice(7)}`;
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) return `key:${apiKey}`;
    return address;
  }
}
