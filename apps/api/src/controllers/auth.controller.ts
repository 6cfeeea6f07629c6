import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { loginRequestSchema, refreshRequestSchema, type LoginRequest, type Me, type RefreshRequest, type TokenPair } from '@gridops/contracts';
import { AuthService, CurrentUser, Public, ZodPipe, type Principal } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** 10 tries a minute per address: enough for a typo, too few for guessing. */
  @Public()
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @Post('login')
  @HttpCode(200)
  @ApiBody({ schema: jsonSchema(loginRequestSchema) })
  login(@Body(new ZodPipe(loginRequestSchema)) body: LoginRequest): Promise<TokenPair> {
    return this.auth.login(body.username, body.password);
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
