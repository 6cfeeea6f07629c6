import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EXPORT_ROWS_HEADER, exportAnalyticsQuerySchema, exportCasesQuerySchema, type ExportAnalyticsQuery, type ExportCasesQuery } from '@gridops/contracts';
import { AnalyticsExportService, CaseExportService, CurrentUser, Roles, ZodPipe, actorOf, type ExportFile, type Principal } from '@gridops/server';

/**
 * 导出: a filtered case list or an analytics table as a CSV or XLSX download, streamed as it is read (docs/api.md
 * "Exports"). The same filters, scope and roles as the list and the analytics answer they export.
 */
@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(
    private readonly cases: CaseExportService,
    private readonly analytics: AnalyticsExportService,
  ) {}

  @Get('cases/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async exportCases(@Query(new ZodPipe(exportCasesQuerySchema)) q: ExportCasesQuery, @CurrentUser() user: Principal, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.cases.export(q, actorOf(user)));
  }

  @Get('stats/analytics/export')
  @Roles('supervisor', 'shift_lead', 'admin', 'operator')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async exportAnalytics(@Query(new ZodPipe(exportAnalyticsQuerySchema)) q: ExportAnalyticsQuery, @CurrentUser() user: Principal, @Res() reply: FastifyReply): Promise<void> {
    await send(reply, await this.analytics.export(q, actorOf(user)));
  }
}

function send(reply: FastifyReply, file: ExportFile): FastifyReply {
  return reply
    .status(200)
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .header(EXPORT_ROWS_HEADER, String(file.rows))
    .send(file.body);
}
