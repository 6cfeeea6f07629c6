import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CategoryView, DistrictView, GridCellView, UnitView, UpdateCategoryRequest, UserView } from '@gridops/contracts';
import type { DistrictCode, WorkflowCategory } from '@gridops/domain';
import { CategoryEntity } from './category.entity';
import { TownGeographyService } from './town-geography.service';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';
import { notFound, unprocessable } from '../platform/errors/api-error';
import { PgListener } from '../platform/database/pg-listener.service';

const CATEGORY_CACHE_MS = 30_000;

/** NOTIFYed in the transaction of every category edit: every process drops its copy of the table at its commit. */
export const DIRECTORY_CHANNEL = 'gridops_directory';

export const categoryView = (c: CategoryEntity): CategoryView => ({
  code: c.code,
  standardCode: c.standardCode,
  kind: c.kind,
  nameZh: c.nameZh,
  nameEn: c.nameEn,
  priority: c.priority,
  handlingLimit: { amount: c.limitAmount, unit: c.limitUnit },
  responseLimit: c.responseLimitAmount !== null && c.responseLimitUnit ? { amount: c.responseLimitAmount, unit: c.responseLimitUnit } : null,
  selfDisposable: c.selfDisposable,
  defaultUnitCode: c.defaultUnitCode,
  needsUnit: c.needsUnit,
  afterPhotoRequired: c.afterPhotoRequired,
  active: c.active,
});

export const workflowCategory = (c: CategoryEntity): WorkflowCategory => ({
  code: c.code,
  selfDisposable: c.selfDisposable,
  handlingLimit: { amount: c.limitAmount, unit: c.limitUnit },
  afterPhotoRequired: c.afterPhotoRequired,
});

/** Read side of the town's reference data (districts, cells, categories, units, users). */
@Injectable()
export class DirectoryService implements OnModuleInit {
  private categoryCache: { at: number; byCode: Promise<Map<string, CategoryEntity>> } | null = null;
  /** Set while this process hears DIRECTORY_CHANNEL: only then may categories come from the copy. */
  private hearsCategoryEdits = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly geography: TownGeographyService,
    private readonly listener: PgListener,
  ) {}

  onModuleInit(): void {
    this.listener.subscribe(DIRECTORY_CHANNEL, {
      notified: () => (this.categoryCache = null),
      // edits may have been missed while not hearing: start from the table again
      hearing: (listening) => {
        this.hearsCategoryEdits = listening;
        this.categoryCache = null;
      },
    });
  }

  async districts(): Promise<DistrictView[]> {
    return (await this.geography.districts()).map((d) => ({ code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, geometry: d.geometry }));
  }

  async gridCells(district?: DistrictCode): Promise<GridCellView[]> {
    const cells = await this.geography.cells();
    return cells
      .filter((c) => !district || c.districtCode === district)
      .map((c) => ({ code: c.code, districtCode: c.districtCode, nameZh: c.nameZh, nameEn: c.nameEn, geometry: c.geometry }));
  }

  /**
   * Categories by code. A copy while this process hears every category edit as it commits (a new limit applies to
   * the very next dispatch, in every api and worker); read from the table while it does not.
   */
  categoriesByCode(): Promise<Map<string, CategoryEntity>> {
    if (!this.hearsCategoryEdits || !this.categoryCache || Date.now() - this.categoryCache.at > CATEGORY_CACHE_MS) {
      const byCode = this.ds
        .getRepository(CategoryEntity)
        .find({ order: { code: 'ASC' } })
        .then((rows) => new Map(rows.map((r) => [r.code, r])));
      byCode.catch(() => (this.categoryCache = null));
      this.categoryCache = { at: Date.now(), byCode };
    }
    return this.categoryCache.byCode;
  }

  async category(code: string): Promise<CategoryEntity | undefined> {
    if (!this.hearsCategoryEdits) return (await this.ds.getRepository(CategoryEntity).findOneBy({ code })) ?? undefined;
    return (await this.categoriesByCode()).get(code);
  }

  async categories(): Promise<CategoryView[]> {
    return [...(await this.categoriesByCode()).values()].map(categoryView);
  }

  /** Admin edit of a category. New limits apply to cases dispatched from now on; running clocks keep theirs. */
  async updateCategory(code: string, patch: UpdateCategoryRequest): Promise<CategoryView> {
    const repo = this.ds.getRepository(CategoryEntity);
    const current = await repo.findOneBy({ code });
    if (!current) throw notFound(`category ${code.slice(0, 20)} not found`);
    if (patch.defaultUnitCode && !(await this.unitExists(patch.defaultUnitCode))) {
      throw unprocessable('UNKNOWN_UNIT', `unknown unit ${patch.defaultUnitCode}`);
    }
    const { handlingLimit, ...rest } = patch;
    await this.ds.transaction(async (m) => {
      await m.getRepository(CategoryEntity).update({ code }, { ...rest, ...(handlingLimit ? { limitAmount: handlingLimit.amount, limitUnit: handlingLimit.unit } : {}) });
      // delivered at commit, to every process that keeps a copy (the workers)
      await m.query(`SELECT pg_notify($1, $2)`, [DIRECTORY_CHANNEL, code]);
    });
    this.categoryCache = null;
    return categoryView(await repo.findOneByOrFail({ code }));
  }

  async units(): Promise<UnitView[]> {
    const rows = await this.ds.getRepository(UnitEntity).find({ order: { code: 'ASC' } });
    return rows.map((u) => ({ code: u.code, nameZh: u.nameZh, nameEn: u.nameEn, phone: u.phone }));
  }

  async unitExists(code: string): Promise<boolean> {
    return this.ds.getRepository(UnitEntity).existsBy({ code });
  }

  async users(): Promise<UserView[]> {
    const rows = await this.ds.getRepository(UserEntity).find({ order: { username: 'ASC' } });
    return rows.map(userView);
  }

  async user(id: string): Promise<UserEntity | null> {
    return this.ds.getRepository(UserEntity).findOneBy({ id });
  }
}

export const userView = (u: UserEntity): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  districtCode: u.districtCode,
  unitCode: u.unitCode,
  active: u.active,
});
