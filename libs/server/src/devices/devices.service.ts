import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import type { DeviceView, Page, UpdateDeviceRequest, createDeviceSchema, listDevicesQuerySchema } from '@gridops/contracts';
import { SYSTEM, type Actor, type LatLng } from '@gridops/domain';
import type { z } from 'zod';
import { applyScope, type ScopeColumns } from '../cases/case-scope';
import { containsPattern } from '../platform/database/sql-params';
import { openCaseSql } from '../cases/case-state-sql';
import { agreesWithSensor } from '../cases/sensor-cases';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService, type Located } from '../directory/town-geography.service';
import { badRequest, conflict, notFound, unprocessable } from '../platform/errors/api-error';
import { categoryOfDevice } from './device-categories';
import { DeviceEntity } from './device.entity';

type ListQuery = z.output<typeof listDevicesQuerySchema>;
type CreateInput = z.output<typeof createDeviceSchema>;

const UNIQUE_VIOLATION = '23505';

/**
 * Devices are read by 片区, like cases: a 片区-bound user sees their own 片区 only, a grid worker without one
 * nothing, town-level roles everything. Unit staff are kept out by the controllers' roles.
 */
const DEVICE_SCOPE: ScopeColumns = { district: 'd.district_code' };

/** The device registry (物联感知设备台账): admins register and edit sensors; desk and 片区 users read them. */
@Injectable()
export class DevicesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly geography: TownGeographyService,
    private readonly directory: DirectoryService,
  ) {}

  async list(q: ListQuery, actor: Actor): Promise<Page<DeviceView>> {
    const qb = applyScope(this.ds.getRepository(DeviceEntity).createQueryBuilder('d'), actor, DEVICE_SCOPE);
    if (q.district) qb.andWhere('d.district_code = :district', { district: q.district });
    if (q.grid) qb.andWhere('d.grid_cell_code = :grid', { grid: q.grid });
    if (q.type) qb.andWhere('d.type = :type', { type: q.type });
    if (q.active !== undefined) qb.andWhere('d.active = :active', { active: q.active });
    if (q.q) {
      const like = containsPattern(q.q);
      qb.andWhere(new Brackets((w) => w.where('d.id ILIKE :like', { like }).orWhere('d.name ILIKE :like')));
    }
    if (q.cursor) qb.andWhere('d.id > :cursor', { cursor: q.cursor });
    const rows = await qb.orderBy('d.id', 'ASC').take(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    const open = await this.openCases(page.map((d) => d.id));
    return { items: page.map((d) => toDeviceView(d, open.get(d.id) ?? null)), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
  }

  /** A device the caller may see, or 404 (never 403: a device outside one's 片区 is not revealed). */
  async get(id: string, actor: Actor): Promise<DeviceView> {
    const d = await this.findVisible(id, actor);
    return toDeviceView(d, (await this.openCases([d.id])).get(d.id) ?? null);
  }

  async create(body: CreateInput): Promise<DeviceView> {
    if (body.categoryCode) await this.checkCategory(body.categoryCode);
    const place = await this.locate(body.location);
    const row = Object.assign(new DeviceEntity(), {
      id: body.id,
      type: body.type,
      name: body.name,
      categoryCode: body.categoryCode ?? null,
      lat: body.location.lat,
      lng: body.location.lng,
      districtCode: place.district.code,
      gridCellCode: place.cell.code,
      address: body.address ?? null,
      active: body.active,
      lastSeenAt: null,
      lastAlarmId: null,
      lastAlarmEvent: null,
      lastAlarmAt: null,
    });
    try {
      await this.ds.createQueryBuilder().insert().into(DeviceEntity).values(row).execute();
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw conflict(`a device with id ${body.id} is already registered`);
      throw err;
    }
    return this.get(body.id, SYSTEM);
  }

  async update(id: string, body: UpdateDeviceRequest): Promise<DeviceView> {
    const repo = this.ds.getRepository(DeviceEntity);
    const current = await repo.findOneBy({ id });
    if (!current) throw notFound(`no device ${id}`);
    if (body.categoryCode) await this.checkCategory(body.categoryCode);
    const changes: Partial<DeviceEntity> = {};
    if (body.type !== undefined) changes.type = body.type;
    if (body.name !== undefined) changes.name = body.name;
    if (body.address !== undefined) changes.address = body.address;
    if (body.categoryCode !== undefined) changes.categoryCode = body.categoryCode;
    if (body.active !== undefined) changes.active = body.active;
    if (body.location) {
      // a moved sensor may land in another grid cell or 片区: recompute, never trust the old ones
      const place = await this.locate(body.location);
      Object.assign(changes, { lat: body.location.lat, lng: body.location.lng, districtCode: place.district.code, gridCellCode: place.cell.code });
    }
    await repo.update({ id }, changes);
    return this.get(id, SYSTEM);
  }

  private async findVisible(id: string, actor: Actor): Promise<DeviceEntity> {
    const qb = applyScope(this.ds.getRepository(DeviceEntity).createQueryBuilder('d'), actor, DEVICE_SCOPE).andWhere('d.id = :id', { id });
    const found = await qb.getOne();
    if (!found) throw notFound('device not found');
    return found;
  }

  private async locate(point: LatLng): Promise<Located> {
    const place = await this.geography.locate(point);
    if (!place) throw unprocessable('OUTSIDE_TOWN', `(${point.lat}, ${point.lng}) is outside 长征镇's four 片区 (新城, 金沙, 怒江, 梅川)`);
    return place;
  }

  private async checkCategory(code: string): Promise<void> {
    const category = await this.directory.category(code);
    if (!category || !category.active) throw badRequest(`unknown category ${code}`, [{ path: 'categoryCode', message: 'unknown category' }]);
  }

  /** Each device's open case (the oldest that agrees with the registry, as findOpenCaseOfSensor picks it), in one query. */
  private async openCases(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.ds.query(
      `SELECT DISTINCT ON (device_id) device_id, id FROM cases c
        WHERE device_id = ANY($1::varchar[]) AND ${openCaseSql('c')} AND ${agreesWithSensor('device', 'c')}
        ORDER BY device_id, reported_at ASC, id ASC`,
      [ids],
    )) as { device_id: string; id: string }[];
    return new Map(rows.map((r) => [r.device_id, r.id]));
  }
}

export function toDeviceView(d: DeviceEntity, openCaseId: string | null): DeviceView {
  return {
    id: d.id,
    type: d.type,
    name: d.name,
    categoryCode: categoryOfDevice(d),
    categoryOverridden: d.categoryCode !== null,
    location: { lat: d.lat, lng: d.lng },
    districtCode: d.districtCode,
    gridCellCode: d.gridCellCode,
    address: d.address,
    active: d.active,
    lastSeenAt: d.lastSeenAt ? d.lastSeenAt.toISOString() : null,
    lastAlarm: d.lastAlarmId && d.lastAlarmEvent && d.lastAlarmAt ? { alarmId: d.lastAlarmId, event: d.lastAlarmEvent, occurredAt: d.lastAlarmAt.toISOString() } : null,
    openCaseId,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}
