import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { cameraIdSchema, createCameraSchema, listCamerasQuerySchema, updateCameraSchema, type CameraView, type Page, type UpdateCameraRequest } from '@gridops/contracts';
import { CamerasService, CurrentUser, Roles, ZodPipe, actorOf, parseOr400, type Principal } from '@gridops/server';
import type { z } from 'zod';
import { jsonSchema } from '../bootstrap/openapi';

/** Who may read the registry: the desk and supervisors town-wide, grid workers their own 片区 (scoped in the service). */
const READERS = ['admin', 'operator', 'shift_lead', 'supervisor', 'grid_worker'] as const;

/** 视频监控点位台账: admins register and edit cameras (with their rejection rate); the desk and 片区 users read them. */
@ApiTags('video')
@ApiBearerAuth()
@Controller('cameras')
export class CamerasController {
  constructor(private readonly cameras: CamerasService) {}

  @Get()
  @Roles(...READERS)
  list(@Query(new ZodPipe(listCamerasQuerySchema)) query: z.output<typeof listCamerasQuerySchema>, @CurrentUser() user: Principal): Promise<Page<CameraView>> {
    return this.cameras.list(query, actorOf(user));
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Param('id') id: string, @CurrentUser() user: Principal): Promise<CameraView> {
    return this.cameras.get(parseOr400(cameraIdSchema, id, 'id'), actorOf(user));
  }

  /** 201; district and grid cell come from the location (422 OUTSIDE_TOWN); 409 if the id exists; 400 unknown category. */
  @Post()
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(createCameraSchema) })
  create(@Body(new ZodPipe(createCameraSchema)) body: z.output<typeof createCameraSchema>): Promise<CameraView> {
    return this.cameras.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(updateCameraSchema) })
  update(@Param('id') id: string, @Body(new ZodPipe(updateCameraSchema)) body: UpdateCameraRequest): Promise<CameraView> {
    return this.cameras.update(parseOr400(cameraIdSchema, id, 'id'), body);
  }
}
