import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import type { CameraView, Page, UpdateCameraRequest, createCameraSchema, listCamerasQuerySchema } from '@gridops/contracts';
import { SYSTEM, type Actor, type LatLng } from '@gridops/domain';
import type { z } from 'zod';
import { applyScope, type ScopeColumns } from '../cases/case-scope';
import { containsPattern } from '../platform/database/sql-params';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService, type Located } from '../directory/town-geography.service';
import { badRequest, conflict, notFound, unprocessable } from '../platform/errors/api-error';
import { CameraEntity } from './camera.entity';

type ListQuery = z.output<typeof listCamerasQuerySchema>;
type CreateInput = z.output<typeof createCameraSchema>;

const UNIQUE_VIOLATION = '23505';
const CAMERA_SCOPE: ScopeColumns = { district: 'c.district_code' };

/** Decided detections of a camera: how many, and how many were rejected (误报率 for admins). */
interface Decisions {
  decided: number;
  rejected: number;
}

/** The camera registry (视频监控点位台账): admins register and edit cameras; desk and 片区 users read them. */
@Injectable()
export class CamerasService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly geography: TownGeographyService,
    private readonly directory: DirectoryService,
  ) {}

  async list(q: ListQuery, actor: Actor): Promise<Page<CameraView>> {
    const qb = applyScope(this.ds.getRepository(CameraEntity).createQueryBuilder('c'), actor, CAMERA_SCOPE);
    if (q.district) qb.andWhere('c.district_code = :district', { district: q.district });
    if (q.active !== undefined) qb.andWhere('c.active = :active', { active: q.active });
    if (q.q) {
      const like = containsPattern(q.q);
      qb.andWhere(new Brackets((w) => w.where('c.id ILIKE :like', { like }).orWhere('c.name ILIKE :like')));
    }
    if (q.cursor) qb.andWhere('c.id > :cursor', { cursor: q.cursor });
    const rows = await qb.orderBy('c.id', 'ASC').take(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    const decisions = await this.decisions(page.map((c) => c.id));
    return { items: page.map((c) => toCameraView(c, decisions.get(c.id))), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
  }

  /** A camera the caller may see, or 404 (a camera outside one's 片区 is not revealed). */
  async get(id: string, actor: Actor): Promise<CameraView> {
    const c = await applyScope(this.ds.getRepository(CameraEntity).createQueryBuilder('c'), actor, CAMERA_SCOPE).andWhere('c.id = :id', { id }).getOne();
    if (!c) throw notFound('camera not found');
    return toCameraView(c, (await this.decisions([c.id])).get(c.id));
  }

  async create(body: CreateInput): Promise<CameraView> {
    await this.checkCategories(body.categories);
    const place = await this.locate(body.location);
    const row = Object.assign(new CameraEntity(), {
      id: body.id,
      name: body.name,
      lat: body.location.lat,
      lng: body.location.lng,
      districtCode: place.district.code,
      gridCellCode: place.cell.code,
      address: body.address ?? null,
      categories: body.categories,
      active: body.active,
      lastSeenAt: null,
    });
    try {
      await this.ds.createQueryBuilder().insert().into(CameraEntity).values(row).execute();
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw conflict(`a camera with id ${body.id} is already registered`);
      throw err;
    }
    return this.get(body.id, SYSTEM);
  }

  async update(id: string, body: UpdateCameraRequest): Promise<CameraView> {
    const repo = this.ds.getRepository(CameraEntity);
    if (!(await repo.existsBy({ id }))) throw notFound(`no camera ${id}`);
    const changes: Partial<CameraEntity> = {};
    if (body.name !== undefined) changes.name = body.name;
    if (body.address !== undefined) changes.address = body.address;
    if (body.active !== undefined) changes.active = body.active;
    if (body.categories !== undefined) {
      await this.checkCategories(body.categories);
      changes.categories = body.categories;
    }
    if (body.location) {
      // a camera re-pointed or moved may land in another grid cell or 片区: recompute, never trust the old ones
      const place = await this.locate(body.location);
      Object.assign(changes, { lat: body.location.lat, lng: body.location.lng, districtCode: place.district.code, gridCellCode: place.cell.code });
    }
    await repo.update({ id }, changes);
    return this.get(id, SYSTEM);
  }

  private async locate(point: LatLng): Promise<Located> {
    const place = await this.geography.locate(point);
    if (!place) throw unprocessable('OUTSIDE_TOWN', `(${point.lat}, ${point.lng}) is outside 长征镇's four 片区 (新城, 金沙, 怒江, 梅川)`);
    return place;
  }

  private async checkCategories(codes: readonly string[]): Promise<void> {
    const problems: { path: string; message: string }[] = [];
    for (const [i, code] of codes.entries()) {
      const category = await this.directory.category(code);
      if (!category || !category.active) problems.push({ path: `categories.${i}`, message: `unknown category ${code}` });
    }
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems);
  }

  /** Each camera's decided detections and rejections, in one query. */
  private async decisions(ids: string[]): Promise<Map<string, Decisions>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.ds.query(
      `SELECT camera_id, count(*) FILTER (WHERE decided_at IS NOT NULL)::int AS decided, count(*) FILTER (WHERE status = 'rejected')::int AS rejected
         FROM video_detections WHERE camera_id = ANY($1::varchar[]) GROUP BY camera_id`,
      [ids],
    )) as { camera_id: string; decided: number; rejected: number }[];
    return new Map(rows.map((r) => [r.camera_id, { decided: r.decided, rejected: r.rejected }]));
  }
}

export function toCameraView(c: CameraEntity, d: Decisions = { decided: 0, rejected: 0 }): CameraView {
  return {
    id: c.id,
    name: c.name,
    location: { lat: c.lat, lng: c.lng },
    districtCode: c.districtCode,
    gridCellCode: c.gridCellCode,
    address: c.address,
    categories: c.categories,
    active: c.active,
    lastSeenAt: c.lastSeenAt ? c.lastSeenAt.toISOString() : null,
    decided: d.decided,
    rejected: d.rejected,
    rejectionRate: d.decided > 0 ? Math.round((d.rejected / d.decided) * 1000) / 1000 : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
