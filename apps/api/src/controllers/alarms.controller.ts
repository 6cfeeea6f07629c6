import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { MAX_ALARMS_PER_BATCH, alarmItemSchema, listAlarmsQuerySchema, platformSchema, type AlarmBatchResult, type AlarmView, type Page } from '@gridops/contracts';
import { AlarmIngestService, AlarmsQueryService, ApiKeyScope, CurrentApiKey, CurrentUser, Roles, TextOfItemsCheckedOneByOne, ZodPipe, actorOf, type ApiKeyEntity, type Principal } from '@gridops/server';
import { z } from 'zod';
import { jsonSchema } from '../bootstrap/openapi';

/** For the OpenAPI page only: the ingest checks the envelope and each item separately (alarm-ingest.service.ts). */
const batchDoc = z.strictObject({ platform: platformSchema, alarms: z.array(alarmItemSchema).min(1).max(MAX_ALARMS_PER_BATCH) });

/** 物联感知告警: sensor platforms post alarm batches with an API key; people read the alarm stream. */
@ApiTags('alarms')
@Controller()
export class AlarmsController {
  constructor(
    private readonly ingestion: AlarmIngestService,
    private readonly alarms: AlarmsQueryService,
  ) {}

  /** 200 when every alarm was taken in (or was a repeat), 207 when some were refused; 400 bad envelope, 413 too many. */
  @Post('ingest/alarms')
  @ApiKeyScope('alarms')
  @TextOfItemsCheckedOneByOne('alarms')
  @HttpCode(200)
  @ApiHeader({ name: 'X-Api-Key', required: true, description: 'an API key with scope `alarms`' })
  @ApiBody({ schema: jsonSchema(batchDoc) })
  async ingest(@Body() body: unknown, @CurrentApiKey() key: ApiKeyEntity, @Res({ passthrough: true }) reply: FastifyReply): Promise<AlarmBatchResult> {
    const result = await this.ingestion.ingest(body, { apiKeyId: key.id });
    if (result.counts.refused > 0) void reply.status(207);
    return result;
  }

  /** The alarm stream, newest first; a 片区-bound caller sees their 片区's devices only. */
  @Get('alarms')
  @ApiBearerAuth()
  @Roles('admin', 'operator', 'shift_lead', 'supervisor', 'grid_worker')
  list(@Query(new ZodPipe(listAlarmsQuerySchema)) query: z.output<typeof listAlarmsQuerySchema>, @CurrentUser() user: Principal): Promise<Page<AlarmView>> {
    return this.alarms.list(query, actorOf(user));
  }
}
