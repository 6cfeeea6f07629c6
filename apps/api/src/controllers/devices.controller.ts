import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  createDeviceSchema,
  deviceIdSchema,
  listDevicesQuerySchema,
  updateDeviceSchema,
  type DeviceView,
  type Page,
  type UpdateDeviceRequest,
} from '@gridops/contracts';
import { CurrentUser, DevicesService, Roles, ZodPipe, actorOf, parseOr400, type Principal } from '@gridops/server';
import type { z } from 'zod';
import { jsonSchema } from '../bootstrap/openapi';

/** Who may read the registry: the desk and supervisors town-wide, grid workers their own 片区 (scoped in the service). */
const READERS = ['admin', 'operator', 'shift_lead', 'supervisor', 'grid_worker'] as const;

/** 物联感知设备台账: admins register and edit sensors; the desk and 片区 users read them. */
@ApiTags('devices')
@ApiBearerAuth()
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @Roles(...READERS)
  list(@Query(new ZodPipe(listDevicesQuerySchema)) query: z.output<typeof listDevicesQuerySchema>, @CurrentUser() user: Principal): Promise<Page<DeviceView>> {
    return this.devices.list(query, actorOf(user));
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Param('id') id: string, @CurrentUser() user: Principal): Promise<DeviceView> {
    return this.devices.get(parseOr400(deviceIdSchema, id, 'id'), actorOf(user));
  }

  /** 201; district and grid cell come from the location (422 OUTSIDE_TOWN outside the four 片区); 409 if the id exists. */
  @Post()
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(createDeviceSchema) })
  create(@Body(new ZodPipe(createDeviceSchema)) body: z.output<typeof createDeviceSchema>): Promise<DeviceView> {
    return this.devices.create(body);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(updateDeviceSchema) })
  update(@Param('id') id: string, @Body(new ZodPipe(updateDeviceSchema)) body: UpdateDeviceRequest): Promise<DeviceView> {
    return this.devices.update(parseOr400(deviceIdSchema, id, 'id'), body);
  }
}
