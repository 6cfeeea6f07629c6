import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CategoryView, DistrictView, GridCellView, UnitView, UserView } from '@gridops/contracts';
import { isDistrictCode } from '@gridops/domain';
import { DirectoryService, Roles, badRequest } from '@gridops/server';

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
