import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { findContaining, type LatLng } from '@gridops/domain';
import { DistrictEntity } from './district.entity';
import { GridCellEntity } from './grid-cell.entity';

export interface Located {
  district: DistrictEntity;
  cell: GridCellEntity;
}

/**
 * Which 片区 and grid cell a point lies in. The outlines change rarely (an admin edit), so they are held in memory
 * and reloaded on demand; intake must not query polygons per report.
 */
@Injectable()
export class TownGeographyService {
  private cache: Promise<{ districts: DistrictEntity[]; cells: GridCellEntity[] }> | null = null;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private load() {
    this.cache ??= Promise.all([
      this.ds.getRepository(DistrictEntity).find({ order: { code: 'ASC' } }),
      this.ds.getRepository(GridCellEntity).find({ order: { code: 'ASC' } }),
    ]).then(([districts, cells]) => ({ districts, cells }));
    this.cache.catch(() => (this.cache = null));
    return this.cache;
  }

  reload(): void {
    this.cache = null;
  }

  async districts(): Promise<DistrictEntity[]> {
    return (await this.load()).districts;
  }

  async cells(): Promise<GridCellEntity[]> {
    return (await this.load()).cells;
  }

  /** The cell decides: districts are the union of their cells, so a point in a cell is in that cell's district. */
  async locate(point: LatLng): Promise<Located | null> {
    const { districts, cells } = await this.load();
    const cell = findContaining(point, cells);
    if (!cell) return null;
    const district = districts.find((d) => d.code === cell.districtCode);
    return district ? { district, cell } : null;
  }
}
