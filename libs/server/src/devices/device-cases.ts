import type { DataSource, EntityManager } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import { openCaseSql } from '../cases/case-state-sql';

/**
 * The open case a device's alarms merge into: its oldest case that is neither closed nor void. The alarm ingest asks
 * before it files a new case, and the intake job asks again for a case that raced past that check (two platforms
 * sending the same device at once), so both merge into the same case.
 */
export function findOpenCaseOfDevice(
  db: DataSource | EntityManager,
  deviceId: string,
  opts: { excludeCaseId?: string; olderThan?: { reportedAt: Date; id: string } } = {},
): Promise<CaseEntity | null> {
  const qb = db
    .getRepository(CaseEntity)
    .createQueryBuilder('o')
    .where('o.device_id = :device', { device: deviceId })
    .andWhere(openCaseSql('o'));
  if (opts.excludeCaseId) qb.andWhere('o.id <> :id', { id: opts.excludeCaseId });
  // strictly older in (reported_at, id) order: two racers reported at the same instant must not each merge into the
  // other (both would end VOID); the younger merges into the older, the older stays
  if (opts.olderThan) {
    qb.andWhere('(o.reported_at < :at OR (o.reported_at = :at AND o.id < :olderId))', { at: opts.olderThan.reportedAt, olderId: opts.olderThan.id });
  }
  return qb.orderBy('o.reported_at', 'ASC').addOrderBy('o.id', 'ASC').getOne();
}
