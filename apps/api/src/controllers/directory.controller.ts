import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { updateCategorySchema, type CategoryView, type DistrictView, type GridCellView, type UnitView, type UpdateCategoryRequest, type UserView } from '@gridops/contracts';
import { isDistrictCode } from '@gridops/domain';
import { DirectoryService, Roles, ZodPipe, badRequest } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';

/** Reference data every screen needs: districts with outlines, grid cells, categories, units; users for admins. */
@ApiTags('directory')
@ApiBearerAuth()
@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('districts')
  districts(): Promise<DistrictView[]> {
    return this.directory.districts();
  }

  @Get('grid-cells')
  gridCells(@Query('district') district?: string): Promise<GridCellView[]> {
    if (district !== undefined && !isDistrictCode(district)) throw badRequest('district must be one of xincheng, jinsha, nujiang, meichuan');
    return this.directory.gridCells(district);
  }

  @Get('categories')
  categories(): Promise<CategoryView[]> {
    return this.directory.categories();
  }

  @Patch('categories/:code')
  @Roles('admin')
  @ApiBody({ schema: jsonSchema(updateCategorySchema) })
  updateCategory(@Param('code') code: string, @Body(new ZodPipe(updateCategorySchema)) body: UpdateCategoryRequest): Promise<CategoryView> {
    return this.directory.updateCategory(code, body);
  }

  @Get('units')
  units(): Promise<UnitView[]> {
    return this.directory.units();
  }

  @Get('users')
  @Roles('admin', 'shift_lead', 'operator')
  users(): Promise<UserView[]> {
    return this.directory.users();
  }
}
