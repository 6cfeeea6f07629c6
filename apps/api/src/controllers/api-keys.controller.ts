import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { createApiKeySchema, type ApiKeyView, type CreateApiKeyRequest, type IssuedApiKey } from '@gridops/contracts';
import { ApiKeysService, CurrentUser, Roles, ZodPipe, badRequest, type Principal } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';

/** API keys for source systems (Open311 clients, IoT platforms, 12345 imports): admins issue, list and revoke. */
@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  /** 201 with the key itself: shown this once, only its SHA-256 is kept. */
  @Post()
  @ApiBody({ schema: jsonSchema(createApiKeySchema) })
  issue(@Body(new ZodPipe(createApiKeySchema)) body: CreateApiKeyRequest, @CurrentUser() user: Principal): Promise<IssuedApiKey> {
    return this.keys.issue(body, user.id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Param('id', new ParseUUIDPipe({ exceptionFactory: () => badRequest('id must be a uuid') })) id: string): Promise<ApiKeyView> {
    return this.keys.revoke(id);
  }
}
