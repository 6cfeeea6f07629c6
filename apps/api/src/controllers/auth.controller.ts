import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loginRequestSchema, refreshRequestSchema, type LoginRequest, type Me, type RefreshRequest, type TokenPair } from '@gridops/contracts';
import { AuthService, CurrentUser, Public, ZodPipe, type Principal } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';
import { FailedLogins, TooManyFailedLogins } from '../bootstrap/failed-logins';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly failedLogins: FailedLogins,
  ) {}

  /**
   * Failed tries are counted per username and per address, with doubling waits (failed-logins.ts): enough for typos,
   * too few for guessing — and a shift signing in from behind one address is not held up by a guesser there.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(loginRequestSchema) })
  async login(
    @Body(new ZodPipe(loginRequestSchema)) body: LoginRequest,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPair> {
    try {
      return await this.failedLogins.attempt({ address: req.ip, username: body.username }, () => this.auth.login(body.username, body.password));
    } catch (err) {
      if (err instanceof TooManyFailedLogins) void reply.header('retry-after', String(err.retryAfterSeconds));
      throw err;
    }
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(refreshRequestSchema) })
  refresh(@Body(new ZodPipe(refreshRequestSchema)) body: RefreshRequest): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: Principal): Promise<Me> {
    return this.auth.me(user);
  }
}
