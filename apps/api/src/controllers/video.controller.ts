import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  MAX_DETECTIONS_PER_BATCH,
  detectionItemSchema,
  listDetectionsQuerySchema,
  platformSchema,
  rejectDetectionSchema,
  setThresholdSchema,
  type DetectionBatchResult,
  type DetectionView,
  type Page,
  type ThresholdView,
} from '@gridops/contracts';
import {
  ApiKeyScope,
  CurrentApiKey,
  CurrentUser,
  Roles,
  TextOfItemsCheckedOneByOne,
  VideoIngestService,
  VideoReviewService,
  ZodPipe,
  actorOf,
  parseOr400,
  type ApiKeyEntity,
  type Principal,
} from '@gridops/server';
import { z } from 'zod';
import { jsonSchema } from '../bootstrap/openapi';

/** For the OpenAPI page only: the ingest checks the envelope and each item separately (video-ingest.service.ts). */
const batchDoc = z.strictObject({ platform: platformSchema, detections: z.array(detectionItemSchema).min(1).max(MAX_DETECTIONS_PER_BATCH) });
const categoryParam = z.string().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102');

/** The route the video platform posts to; its body limit is its own (bootstrap/create-app.ts). */
export const VIDEO_INGEST_PATH = '/api/v1/ingest/video';

/** 视频AI: the video platform posts detection batches with an API key; the desk confirms or rejects the doubtful ones. */
@ApiTags('video')
@Controller()
export class VideoController {
  constructor(
    private readonly ingestion: VideoIngestService,
    private readonly review: VideoReviewService,
  ) {}

  /** 200 when no detection was refused, 207 when some were; 400 bad envelope, 413 too many or too large. */
  @Post('ingest/video')
  @ApiKeyScope('video')
  @TextOfItemsCheckedOneByOne('detections')
  @HttpCode(200)
  @ApiHeader({ name: 'X-Api-Key', required: true, description: 'an API key with scope `video`' })
  @ApiBody({ schema: jsonSchema(batchDoc) })
  async ingest(@Body() body: unknown, @CurrentApiKey() key: ApiKeyEntity, @Res({ passthrough: true }) reply: FastifyReply): Promise<DetectionBatchResult> {
    const result = await this.ingestion.ingest(body, { apiKeyId: key.id });
    if (result.counts.refused > 0) void reply.status(207);
    return result;
  }

  /** The confirmation queue (`status=pending`, oldest first) and the decided lists (newest first), by 片区. */
  @Get('video/detections')
  @ApiBearerAuth()
  @Roles('admin', 'operator', 'shift_lead', 'supervisor')
  list(@Query(new ZodPipe(listDetectionsQuerySchema)) query: z.output<typeof listDetectionsQuerySchema>, @CurrentUser() user: Principal): Promise<Page<DetectionView>> {
    return this.review.list(query, actorOf(user));
  }

  @Get('video/detections/:id')
  @ApiBearerAuth()
  @Roles('admin', 'operator', 'shift_lead', 'supervisor')
  get(@Param('id') id: string, @CurrentUser() user: Principal): Promise<DetectionView> {
    return this.review.get(id, actorOf(user));
  }

  /** Confirm: files the case (or notes it on the camera's open case of that category). 409 when already decided. */
  @Post('video/detections/:id/confirm')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('operator', 'shift_lead')
  confirm(@Param('id') id: string, @CurrentUser() user: Principal): Promise<DetectionView> {
    return this.review.confirm(id, { actor: actorOf(user), name: user.displayName });
  }

  /** Reject (误报) with a reason: kept, never a case. 409 when already decided. */
  @Post('video/detections/:id/reject')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('operator', 'shift_lead')
  @ApiBody({ schema: jsonSchema(rejectDetectionSchema) })
  reject(@Param('id') id: string, @Body(new ZodPipe(rejectDetectionSchema)) body: z.output<typeof rejectDetectionSchema>, @CurrentUser() user: Principal): Promise<DetectionView> {
    return this.review.reject(id, body.reason, { actor: actorOf(user), name: user.displayName });
  }

  @Get('video/thresholds')
  @ApiBearerAuth()
  @Roles('admin', 'operator', 'shift_lead', 'supervisor')
  thresholds(): Promise<ThresholdView[]> {
    return this.review.thresholds();
  }

  /** Set a category's confidence threshold (admin): below it, detections wait for the desk. */
  @Put('video/thresholds/:categoryCode')
  @ApiBearerAuth()
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(setThresholdSchema) })
  setThreshold(@Param('categoryCode') code: string, @Body(new ZodPipe(setThresholdSchema)) body: z.output<typeof setThresholdSchema>, @CurrentUser() user: Principal): Promise<ThresholdView> {
    return this.review.setThreshold(parseOr400(categoryParam, code, 'categoryCode'), body.confirmBelow, actorOf(user));
  }
}
