import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  addressImportQuerySchema,
  addressSearchQuerySchema,
  createAddressSchema,
  listAddressesQuerySchema,
  updateAddressSchema,
  type AddressImportResult,
  type AddressSearchResult,
  type AddressView,
  type Page,
  type UpdateAddressRequest,
} from '@gridops/contracts';
import { APP_CONFIG, AddressImportService, AddressService, Roles, ZodPipe, type AppConfig } from '@gridops/server';
import type { z } from 'zod';
import { jsonSchema } from '../bootstrap/openapi';
import { readSingleFile } from '../bootstrap/multipart';

/**
 * 标准地址库 (docs/addresses.md): any signed-in staff search it (the desk's intake form); admins edit it and import
 * the town's real library from CSV.
 */
@ApiTags('addresses')
@ApiBearerAuth()
@Controller('addresses')
export class AddressesController {
  constructor(
    private readonly addresses: AddressService,
    private readonly imports: AddressImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Fuzzy search: the ranked candidates and whether the text names exactly one entry (`status: resolved`). */
  @Get('search')
  search(@Query(new ZodPipe(addressSearchQuerySchema)) query: z.output<typeof addressSearchQuerySchema>): Promise<AddressSearchResult> {
    return this.addresses.search(query.q, query.limit);
  }

  @Get()
  @Roles('admin')
  list(@Query(new ZodPipe(listAddressesQuerySchema)) query: z.output<typeof listAddressesQuerySchema>): Promise<Page<AddressView>> {
    return this.addresses.list(query);
  }

  /** CSV (multipart field `file`); `?dryRun=true` (the default) checks every row and writes nothing. */
  @Post('import')
  @Roles('admin')
  @ApiConsumes('multipart/form-data')
  async import(
    @Query(new ZodPipe(addressImportQuerySchema)) query: z.output<typeof addressImportQuerySchema>,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AddressImportResult> {
    const upload = await readSingleFile(req, this.config.HOTLINE_IMPORT_MAX_BYTES);
    const result = await this.imports.run(upload.data, query.dryRun);
    void reply.status(query.dryRun ? 200 : 201);
    return result;
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<AddressView> {
    return this.addresses.get(id);
  }

  @Post()
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(createAddressSchema) })
  create(@Body(new ZodPipe(createAddressSchema)) body: z.output<typeof createAddressSchema>): Promise<AddressView> {
    return this.addresses.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(updateAddressSchema) })
  update(@Param('id') id: string, @Body(new ZodPipe(updateAddressSchema)) body: UpdateAddressRequest): Promise<AddressView> {
    return this.addresses.update(id, body);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.addresses.remove(id);
  }
}
