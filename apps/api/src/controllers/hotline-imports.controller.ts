import { Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hotlineImportQuerySchema, listHotlineImportsQuerySchema, type HotlineImportResult, type HotlineImportSummary, type Page } from '@gridops/contracts';
import { APP_CONFIG, CurrentUser, HotlineImportService, Roles, ZodPipe, actorOf, type AppConfig, type Principal } from '@gridops/server';
import type { z } from 'zod';
import { readSingleFile } from '../bootstrap/multipart';

/**
 * 12345 热线工单导入: upload the export (CSV or XLSX, multipart field `file`); `?dryRun=true` checks every row and
 * writes nothing. Idempotent on 工单号.
 */
@ApiTags('hotline-import')
@ApiBearerAuth()
@Controller('hotline-imports')
@Roles('operator', 'shift_lead', 'admin')
export class HotlineImportsController {
  constructor(
    private readonly imports: HotlineImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 201 with per-row results (200 for a dry run). */
  @Post()
  @ApiConsumes('multipart/form-data')
  async run(
    @Query(new ZodPipe(hotlineImportQuerySchema)) query: z.output<typeof hotlineImportQuerySchema>,
    @Req() req: FastifyRequest,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HotlineImportResult> {
    const upload = await readSingleFile(req, this.config.HOTLINE_IMPORT_MAX_BYTES);
    const result = await this.imports.run(
      { data: upload.data, fileName: upload.fileName },
      { dryRun: query.dryRun, mappingId: query.mappingId },
      { actor: actorOf(user), userId: user.id, name: user.displayName },
    );
    void reply.status(query.dryRun ? 200 : 201);
    return result;
  }

  /** Import history, newest first, with counts (rows at `GET /:id`). */
  @Get()
  list(@Query(new ZodPipe(listHotlineImportsQuerySchema)) query: z.output<typeof listHotlineImportsQuerySchema>): Promise<Page<HotlineImportSummary>> {
    return this.imports.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<HotlineImportResult> {
    return this.imports.get(id);
  }
}
