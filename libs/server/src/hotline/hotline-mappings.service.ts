import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hotlineMappingSchema, type HotlineMappingView } from '@gridops/contracts';
import type { z } from 'zod';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService } from '../directory/town-geography.service';
import { conflict, notFound, unprocessable } from '../platform/errors/api-error';
import { HotlineImportMappingEntity } from './hotline-import-mapping.entity';

type MappingInput = z.output<typeof hotlineMappingSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNIQUE_VIOLATION = '23505';

export function mappingView(m: HotlineImportMappingEntity): HotlineMappingView {
  return {
    id: m.id,
    name: m.name,
    columns: m.columns,
    categories: m.categories,
    coordinateSystem: m.coordinateSystem,
    addressHints: m.addressHints,
    isDefault: m.isDefault,
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** Saved 12345 column mappings (导入映射): list, read, create, replace, delete; one of them is the default. */
@Injectable()
export class HotlineMappingsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: DirectoryService,
    private readonly geography: TownGeographyService,
  ) {}

  async list(): Promise<HotlineMappingView[]> {
    const rows = await this.ds.getRepository(HotlineImportMappingEntity).find({ order: { isDefault: 'DESC', name: 'ASC' } });
    return rows.map(mappingView);
  }

  async get(id: string): Promise<HotlineImportMappingEntity> {
    const row = UUID.test(id) ? await this.ds.getRepository(HotlineImportMappingEntity).findOneBy({ id }) : null;
    if (!row) throw notFound('mapping not found');
    return row;
  }

  /** The named mapping, or the default one. */
  async forImport(id?: string): Promise<HotlineImportMappingEntity> {
    if (id) return this.get(id);
    const row = await this.ds.getRepository(HotlineImportMappingEntity).findOneBy({ isDefault: true });
    if (!row) throw unprocessable('NO_DEFAULT_MAPPING', '没有默认导入映射，请指定 mappingId / there is no default mapping: name one with mappingId');
    return row;
  }

  async create(input: MappingInput, userId: string): Promise<HotlineMappingView> {
    await this.checkReferences(input);
    const saved = await this.write(async (m) => {
      if (input.isDefault) await m.update(HotlineImportMappingEntity, { isDefault: true }, { isDefault: false });
      const row = m.create(HotlineImportMappingEntity, { ...input, updatedBy: userId });
      return m.save(row);
    });
    return mappingView(saved);
  }

  async replace(id: string, input: MappingInput, userId: string): Promise<HotlineMappingView> {
    const current = await this.get(id);
    await this.checkReferences(input);
    if (current.isDefault && !input.isDefault) {
      throw unprocessable('DEFAULT_MAPPING', '默认映射不能取消默认，请把另一个映射设为默认 / make another mapping the default instead of unsetting this one');
    }
    const saved = await this.write(async (m) => {
      if (input.isDefault && !current.isDefault) await m.update(HotlineImportMappingEntity, { isDefault: true }, { isDefault: false });
      await m.update(HotlineImportMappingEntity, { id }, { ...input, updatedBy: userId });
      return m.findOneByOrFail(HotlineImportMappingEntity, { id });
    });
    return mappingView(saved);
  }

  async remove(id: string): Promise<void> {
    const current = await this.get(id);
    if (current.isDefault) throw unprocessable('DEFAULT_MAPPING', '不能删除默认映射 / the default mapping cannot be deleted; make another one the default first');
    await this.ds.getRepository(HotlineImportMappingEntity).delete({ id });
  }

  private async write(fn: (m: DataSource['manager']) => Promise<HotlineImportMappingEntity>): Promise<HotlineImportMappingEntity> {
    try {
      return await this.ds.transaction(fn);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw conflict('a mapping with this name already exists (or another default was set at the same moment)');
      throw err;
    }
  }

  /** Category codes and grid cells a mapping names must exist, so a typo shows now and not on every import. */
  private async checkReferences(input: MappingInput): Promise<void> {
    const codes = new Set((await this.directory.categories()).map((c) => c.code));
    const cells = new Set((await this.geography.cells()).map((c) => c.code));
    const problems = [
      ...Object.entries(input.categories)
        .filter(([, code]) => !codes.has(code))
        .map(([name, code]) => ({ path: `categories.${name}`, message: `unknown category ${code}` })),
      ...input.addressHints.filter((h) => !cells.has(h.gridCellCode)).map((h, i) => ({ path: `addressHints.${i}.gridCellCode`, message: `unknown grid cell ${h.gridCellCode}` })),
    ];
    if (problems.length) throw unprocessable('UNKNOWN_REFERENCE', `映射引用了不存在的分类或网格 / ${problems.map((p) => `${p.path}: ${p.message}`).join('; ').slice(0, 400)}`, problems);
  }
}
