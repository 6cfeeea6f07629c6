import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AlarmView, Page, listAlarmsQuerySchema } from '@gridops/contracts';
import type { Actor, CaseState, DistrictCode } from '@gridops/domain';
import type { z } from 'zod';
import { AlarmEntity } from './alarm.entity';
import { applyScope } from '../cases/case-scope';

type ListQuery = z.output<typeof listAlarmsQuerySchema>;

interface AlarmRow {
  id: string;
  platform: string;
  alarm_id: string;
  device_id: string;
  device_type: AlarmView['type'];
  event: AlarmView['event'];
  occurred_at: Date;
  received_at: Date;
  value: number | null;
  level: string | null;
  message: string | null;
  outcome: AlarmView['outcome'];
  reason: AlarmView['reason'];
  district_code: DistrictCode | null;
  case_id: string | null;
  device_name: string | null;
  grid_cell_code: string | null;
  case_number: string | null;
  case_state: CaseState | null;
}

/**
 * The alarm stream (告警流水) for the board and the desk: newest first, by 片区 like everything else (alarms of
 * unknown devices, with no 片区, for town-level roles only).
 */
@Injectable()
export class AlarmsQueryService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(q: ListQuery, actor: Actor): Promise<Page<AlarmView>> {
    const qb = applyScope(this.ds.getRepository(AlarmEntity).createQueryBuilder('a'), actor, { district: 'a.district_code' })
      .leftJoin('devices', 'd', 'd.id = a.device_id')
      .leftJoin('cases', 'c', 'c.id = a.case_id')
      .select([
        'a.id::text AS id',
        'a.platform AS platform',
        'a.alarm_id AS alarm_id',
        'a.device_id AS device_id',
        'a.device_type AS device_type',
        'a.event AS event',
        'a.occurred_at AS occurred_at',
        'a.received_at AS received_at',
        'a.value AS value',
        'a.level AS level',
        'a.message AS message',
        'a.outcome AS outcome',
        'a.reason AS reason',
        'a.district_code AS district_code',
        'a.case_id AS case_id',
        'd.name AS device_name',
        'd.grid_cell_code AS grid_cell_code',
        'c.number AS case_number',
        'c.state AS case_state',
      ]);
    if (q.since) qb.andWhere('a.received_at >= :since', { since: new Date(q.since) });
    if (q.device) qb.andWhere('a.device_id = :device', { device: q.device });
    if (q.outcome) qb.andWhere('a.outcome = :outcome', { outcome: q.outcome });
    if (q.cursor) qb.andWhere('a.id < :cursor', { cursor: q.cursor });
    const rows = await qb.orderBy('a.id', 'DESC').limit(q.limit + 1).getRawMany<AlarmRow>();
    const page = rows.slice(0, q.limit);
    return { items: page.map(toAlarmView), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
  }
}

function toAlarmView(a: AlarmRow): AlarmView {
  return {
    id: a.id,
    platform: a.platform,
    alarmId: a.alarm_id,
    deviceId: a.device_id,
    deviceName: a.device_name,
    type: a.device_type,
    event: a.event,
    occurredAt: new Date(a.occurred_at).toISOString(),
    receivedAt: new Date(a.received_at).toISOString(),
    value: a.value,
    level: a.level,
    message: a.message,
    outcome: a.outcome,
    reason: a.reason,
    districtCode: a.district_code,
    gridCellCode: a.grid_cell_code,
    case: a.case_id && a.case_number && a.case_state ? { id: a.case_id, number: a.case_number, state: a.case_state } : null,
  };
}
