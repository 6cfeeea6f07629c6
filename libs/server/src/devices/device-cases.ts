import type { DataSource, EntityManager } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import { openCaseSql } from '../cases/case-state-sql';
import type { DeviceEntity } from './device.entity';

/** What of a registry entry a case must agree with. */
export type DevicePlace = Pick<DeviceEntity, 'id' | 'districtCode' | 'gridCellCode'>;

/**
 * SQL: the case `alias` is a sensor's case whose place agrees with that sensor's registry entry — an IoT case, in the
 * device's 片区 and grid cell. A case only carries a device id when the alarm ingest filed it at the device; a case
 * whose place disagrees (the device was moved since, or the id was written by anything else) is never merged into.
 */
export function agreesWithDevice(alias: string): string {
  return `${alias}.source = 'iot' AND EXISTS (SELECT 1 FROM devices d WHERE d.id = ${alias}.device_id
            AND d.district_code = ${alias}.district_code AND d.grid_cell_code = ${alias}.grid_cell_code)`;
}

/**
 * The open case a device's alarms merge into: its oldest case that is neither closed nor void and agrees with the
 * device's registry entry. The alarm ingest asks before it files a new case, and the intake job asks again for a case
 * that raced past that check (two platforms sending the same device at once), so both merge into the same case.
 */
export function findOpenCaseOfDevice(
  db: DataSource | EntityManager,
  device: DevicePlace,
  opts: { excludeCaseId?: string; olderThan?: { reportedAt: Date; id: string } } = {},
): Promise<CaseEntity | null> {
  const qb = db
    .getRepository(CaseEntity)
    .createQueryBuilder('o')
    .where('o.device_id = :device', { device: device.id })
    .andWhere(openCaseSql('o'))
    .andWhere(`o.source = 'iot' AND o.district_code = :district AND o.grid_cell_code = :cell`, { district: device.districtCode, cell: device.gridCellCode });
  if (opts.excludeCaseId) qb.andWhere('o.id <> :id', { id: opts.excludeCaseId });
  // strictly older in (reported_at, id) order: two racers reported at the same instant must not each merge into the
  // other (both would end VOID); the younger merges into the older, the older stays
  if (opts.olderThan) {
    qb.andWhere('(o.reported_at < :at OR (o.reported_at = :at AND o.id < :olderId))', { at: opts.olderThan.reportedAt, olderId: opts.olderThan.id });
  }
  return qb.orderBy('o.reported_at', 'ASC').addOrderBy('o.id', 'ASC').getOne();
}

/**
 * For the intake job: the older open case a new IoT case of a device merges into — only when the new case itself
 * agrees with the device's registry entry, and the older one too. Anything else is left for people to judge.
 */
export async function openCaseToMergeInto(db: DataSource | EntityManager, c: CaseEntity): Promise<CaseEntity | null> {
  if (c.source !== 'iot' || !c.deviceId) return null;
  const [device] = (await db.query(`SELECT id, district_code AS "districtCode", grid_cell_code AS "gridCellCode" FROM devices WHERE id = $1`, [c.deviceId])) as DevicePlace[];
  if (!device || device.districtCode !== c.districtCode || device.gridCellCode !== c.gridCellCode) return null;
  return findOpenCaseOfDevice(db, device, { excludeCaseId: c.id, olderThan: { reportedAt: c.reportedAt, id: c.id } });
}
