import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { hotlineMappingSchema, type HotlineMappingView } from '@gridops/contracts';
import { CurrentUser, HotlineMappingsService, Roles, ZodPipe, mappingView, type Principal } from '@gridops/server';
import type { z } from 'zod';
import { jsonSchema } from '../bootstrap/openapi';

type MappingBody = z.output<typeof hotlineMappingSchema>;

/** Saved column mappings for 12345 exports (导入映射): which column is which field, 分类 → category, address keywords. */
@ApiTags('hotline-import')
@ApiBearerAuth()
@Controller('hotline-import-mappings')
@Roles('operator', 'shift_lead', 'admin')
export class HotlineImportMappingsController {
  constructor(private readonly mappings: HotlineMappingsService) {}

  @Get()
  list(): Promise<HotlineMappingView[]> {
    return this.mappings.list();
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<HotlineMappingView> {
    return mappingView(await this.mappings.get(id));
  }

  @Post()
  @ApiBody({ schema: jsonSchema(hotlineMappingSchema) })
  create(@Body(new ZodPipe(hotlineMappingSchema)) body: MappingBody, @CurrentUser() user: Principal): Promise<HotlineMappingView> {
    return this.mappings.create(body, user.id);
  }

  @Put(':id')
  @ApiBody({ schema: jsonSchema(hotlineMappingSchema) })
  replace(@Param('id') id: string, @Body(new ZodPipe(hotlineMappingSchema)) body: MappingBody, @CurrentUser() user: Principal): Promise<HotlineMappingView> {
    return this.mappings.replace(id, body, user.id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.mappings.remove(id);
  }
}
