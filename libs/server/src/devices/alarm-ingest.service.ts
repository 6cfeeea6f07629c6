import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ALARM_OUTCOMES,
  DEVICE_TYPE_LABELS,
  MAX_ALARMS_PER_BATCH,
  alarmBatchSchema,
  alarmItemSchema,
  type AlarmBatchResult,
  type AlarmItem,
  type AlarmItemResult,
  type AlarmOutcome,
  type AlarmRefusal,
} from '@gridops/contracts';
import { SYSTEM, townClockText } from '@gridops/domain';
import { CaseEntity } from '../cases/case.entity';
import { CaseTransitionService } from '../cases/case-transition.service';
import { findOpenCaseOfSensor, noteOnSensorCase, type SensorPlace } from '../cases/sensor-cases';
import { IntakeService, type Reporter } from '../intake/intake.service';
import { ApiError, apiErrorText } from '../platform/errors/api-error';
import { readIngestBatch } from '../platform/validation/ingest-batch';
import { AlarmEntity } from './alarm.entity';
import { categoryOfDevice } from './device-categories';
import { DeviceEntity } from './device.entity';

/** An alarm stamped further ahead than this is a platform clock gone wrong, not an alarm. */
export const ALARM_FUTURE_TOLERANCE_MS = 10 * 60_000;

export interface AlarmSender {
  /** api_keys.id of the key the batch came with */
  apiKeyId: string | null;
}

type Step = Omit<AlarmItemResult, 'index' | 'alarmId' | 'deviceId' | 'caseNumber'> & { caseNumber?: string | null };

/**
 * 物联感知告警接入: batches of alarms from sensor platforms. Each alarm is taken on its own — a malformed or refused
 * item does not stop the rest — and logged in `alarms`. A raised alarm of a registered, active device becomes an
 * `iot` case through IntakeService (in Postgres before the answer; the outbox takes it into the pipeline), or, while
 * that device already has an open case, a note on that case's timeline. A cleared alarm is a note on its case; it
 * does not close anything. Repeats of (platform, alarm id, event) answer `duplicate` and write nothing.
 */
@Injectable()
export class AlarmIngestService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly intake: IntakeService,
    private readonly transitions: CaseTransitionService,
  ) {}

  /** `clock`: read once per alarm, so a long batch's cases carry the time each was really taken in. */
  async ingest(body: unknown, sender: AlarmSender, clock: () => Date = () => new Date()): Promise<AlarmBatchResult> {
    const { envelope, valid, refused } = readIngestBatch(body, { schema: alarmBatchSchema, items: (e) => e.alarms, max: MAX_ALARMS_PER_BATCH, noun: 'alarm' }, alarmItemSchema);
    const { platform } = envelope;
    const results: AlarmItemResult[] = new Array(envelope.alarms.length);
    for (const { index, raw, message, details } of refused) {
      results[index] = { index, ...idsOf(raw), outcome: 'refused', caseId: null, caseNumber: null, reason: 'invalid', message, details };
    }

    // in the order things happened, so a raised alarm is taken before its clear even when the platform sent them reversed
    valid.sort((a, b) => Date.parse(a.item.occurredAt) - Date.parse(b.item.occurredAt) || a.index - b.index);
    const devices = await this.devicesOf(valid.map((v) => v.item.deviceId));
    for (const { index, item } of valid) {
      const step = await this.take(platform, item, devices.get(item.deviceId) ?? null, sender, clock());
      results[index] = { index, alarmId: item.alarmId, deviceId: item.deviceId, ...step, caseNumber: step.caseNumber ?? null };
    }
    await this.fillCaseNumbers(results);

    const counts = Object.fromEntries(ALARM_OUTCOMES.map((o) => [o, 0])) as Record<AlarmOutcome, number>;
    for (const r of results) counts[r.outcome] += 1;
    return { platform, received: results.length, counts, results };
  }

  private async take(platform: string, item: AlarmItem, device: DeviceEntity | null, sender: AlarmSender, now: Date): Promise<Step> {
    const [earlier] = (await this.ds.query(
      `SELECT case_id FROM alarms WHERE platform = $1 AND alarm_id = $2 AND event = $3 AND outcome <> 'refused'`,
      [platform, item.alarmId, item.event],
    )) as { case_id: string | null }[];
    if (earlier) return { outcome: 'duplicate', caseId: earlier.case_id };

    const log = { platform, item, device, sender, now };
    if (Date.parse(item.occurredAt) > now.getTime() + ALARM_FUTURE_TOLERANCE_MS) {
      return this.refuse(log, 'occurred_in_future', `occurredAt ${item.occurredAt} is in the future; check the platform's clock`);
    }
    if (!device) return this.refuse(log, 'unknown_device', `device ${item.deviceId} is not in the device registry`);
    if (!device.active) return this.refuse(log, 'inactive_device', `device ${item.deviceId} is registered but inactive`);
    if (device.type !== item.type) {
      return this.refuse(log, 'type_mismatch', `device ${item.deviceId} is registered as ${device.type}, the alarm says ${item.type}`);
    }
    return item.event === 'raised' ? this.raised(log, device) : this.cleared(log, device);
  }

  /** A raised alarm: a new case, or a note on the device's open case. */
  private async raised(log: AlarmLog, device: DeviceEntity): Promise<Step> {
    const { item, now } = log;
    const by: Reporter = { actor: SYSTEM, name: `物联平台 ${log.platform}`.slice(0, 50), principal: `iot:${log.platform}` };
    // the case is keyed on the alarm id too: a crash after it committed but before the alarm row was written leaves
    // a case the resend finds again (and must not take for an open case to merge into)
    const [filed] = (await this.ds.query(`SELECT case_id FROM idempotency_keys WHERE principal = $1 AND key = $2`, [by.principal, item.alarmId])) as {
      case_id: string;
    }[];
    let caseId: string;
    let caseNumber: string | null = null;
    if (filed) {
      caseId = filed.case_id;
    } else {
      const open = await findOpenCaseOfSensor(this.ds, devicePlace(device));
      if (open) {
        return this.noteOn(log, open, 'merged', 'alarm.repeated');
      }
      try {
        const result = await this.intake.report(
          {
            source: 'iot',
            categoryCode: categoryOfDevice(device),
            description: describe(log, device),
            location: { lat: device.lat, lng: device.lng },
            address: device.address ?? undefined,
            occurredAt: item.occurredAt,
          },
          by,
          item.alarmId,
          now,
          // the one place a case is bound to a sensor: an alarm of a registered device, sent with an API key
          { deviceId: device.id },
        );
        caseId = result.caseId;
        caseNumber = result.created?.number ?? null;
      } catch (err) {
        // the registry entry no longer fits the town (category switched off, outline redrawn): tell, don't fail the batch
        if (err instanceof ApiError && err.getStatus() < 500) return this.refuse(log, 'device_misconfigured', `${device.id}: ${apiErrorText(err)}`);
        throw err;
      }
    }
    const logged = await this.record(log, { outcome: 'accepted', reason: null, caseId });
    // a concurrent request with the same alarm logged it first: it answered `accepted`, this one is the repeat
    return logged ? { outcome: 'accepted', caseId, caseNumber } : { outcome: 'duplicate', caseId };
  }

  /** A cleared alarm: a note on the case its raise became (or the device's open case). It closes nothing. */
  private async cleared(log: AlarmLog, device: DeviceEntity): Promise<Step> {
    const target = (await this.caseOfRaise(log.platform, log.item.alarmId)) ?? (await findOpenCaseOfSensor(this.ds, devicePlace(device)));
    if (!target) {
      const logged = await this.record(log, { outcome: 'cleared', reason: null, caseId: null });
      return logged ? { outcome: 'cleared', caseId: null, message: 'no case to record it on' } : { outcome: 'duplicate', caseId: null };
    }
    return this.noteOn(log, target, 'cleared', 'alarm.cleared');
  }

  /**
   * Log the alarm against `target`, then write the note through the one transition function (actor system). The log
   * row goes first: it is what makes a concurrent repeat a `duplicate`, so two requests never both write the note.
   */
  private async noteOn(log: AlarmLog, target: CaseEntity, outcome: 'merged' | 'cleared', code: 'alarm.repeated' | 'alarm.cleared'): Promise<Step> {
    const logged = await this.record(log, { outcome, reason: null, caseId: target.id });
    if (!logged) return { outcome: 'duplicate', caseId: target.id };
    // the platform's alarm id stays with the note (not in its words), so each alarm's note can be found again
    const { alarmId, occurredAt, message } = log.item;
    const params = { alarmId, at: townClockText(new Date(occurredAt)), message: message ? `：${message}` : '' };
    const refused = await noteOnSensorCase(this.ds, this.transitions, target, { code, params }, '物联感知').catch(async (err: unknown) => {
      // the note could not be written: take the log row back so a resend is not mistaken for a repeat
      await this.ds.getRepository(AlarmEntity).delete({ id: logged });
      throw err;
    });
    if (refused) {
      await this.ds.getRepository(AlarmEntity).delete({ id: logged });
      return { outcome: 'refused', caseId: target.id, reason: 'retry_later', message: `could not record it on case ${target.number}: ${refused.message}; send it again` };
    }
    return { outcome, caseId: target.id, caseNumber: target.number };
  }

  /** The case the raise of this alarm id became; a case since merged into another leads to that one. */
  private async caseOfRaise(platform: string, alarmId: string): Promise<CaseEntity | null> {
    const rows = (await this.ds.query(
      `SELECT case_id FROM alarms WHERE platform = $1 AND alarm_id = $2 AND event = 'raised' AND outcome <> 'refused' AND case_id IS NOT NULL`,
      [platform, alarmId],
    )) as { case_id: string }[];
    if (!rows.length) return null;
    const repo = this.ds.getRepository(CaseEntity);
    let c = await repo.findOneBy({ id: rows[0].case_id });
    for (let hops = 0; c && c.state === 'VOID' && c.duplicateOf && hops < 5; hops++) c = await repo.findOneBy({ id: c.duplicateOf });
    return c;
  }

  private async refuse(log: AlarmLog, reason: AlarmRefusal, message: string): Promise<Step> {
    await this.record(log, { outcome: 'refused', reason, caseId: null });
    return { outcome: 'refused', caseId: null, reason, message };
  }

  /**
   * One transaction: the alarm's log row and what the device last said. Returns the new row's id, or null when the
   * unique index says this (platform, alarm id, event) is already logged.
   */
  private async record(log: AlarmLog, what: { outcome: AlarmEntity['outcome']; reason: AlarmRefusal | null; caseId: string | null }): Promise<string | null> {
    const { platform, item, device, sender, now } = log;
    return this.ds.transaction(async (m) => {
      const inserted = (await m.query(
        `INSERT INTO alarms (platform, alarm_id, device_id, device_type, event, occurred_at, received_at, value, level, message,
                             outcome, reason, case_id, api_key_id, district_code)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (platform, alarm_id, event) WHERE outcome <> 'refused' DO NOTHING
         RETURNING id::text AS id`,
        [
          platform,
          item.alarmId,
          item.deviceId,
          item.type,
          item.event,
          new Date(item.occurredAt),
          now,
          item.value ?? null,
          item.level ?? null,
          item.message ?? null,
          what.outcome,
          what.reason,
          what.caseId,
          sender.apiKeyId,
          device?.districtCode ?? null,
        ],
      )) as { id: string }[];
      if (!inserted.length) return null;
      if (device) {
        // last seen: any word from the device; last alarm: only alarms taken in, and only if newer than the last one
        await m.query(
          `UPDATE devices SET last_seen_at = GREATEST(COALESCE(last_seen_at, $2), $2),
             last_alarm_id = CASE WHEN $3 AND (last_alarm_at IS NULL OR last_alarm_at <= $4) THEN $5 ELSE last_alarm_id END,
             last_alarm_event = CASE WHEN $3 AND (last_alarm_at IS NULL OR last_alarm_at <= $4) THEN $6 ELSE last_alarm_event END,
             last_alarm_at = CASE WHEN $3 AND (last_alarm_at IS NULL OR last_alarm_at <= $4) THEN $4 ELSE last_alarm_at END
           WHERE id = $1`,
          [device.id, now, what.outcome !== 'refused', new Date(item.occurredAt), item.alarmId, item.event],
        );
      }
      return inserted[0].id;
    });
  }

  private async devicesOf(ids: string[]): Promise<Map<string, DeviceEntity>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.ds.getRepository(DeviceEntity).createQueryBuilder('d').where('d.id IN (:...ids)', { ids: unique }).getMany();
    return new Map(rows.map((d) => [d.id, d]));
  }

  /** Case numbers for answers that only know the case id (duplicates, recovered cases): one query for the batch. */
  private async fillCaseNumbers(results: AlarmItemResult[]): Promise<void> {
    const missing = [...new Set(results.filter((r) => r.caseId && !r.caseNumber).map((r) => r.caseId as string))];
    if (!missing.length) return;
    const rows = (await this.ds.query(`SELECT id, number FROM cases WHERE id = ANY($1::uuid[])`, [missing])) as { id: string; number: string }[];
    const numbers = new Map(rows.map((r) => [r.id, r.number]));
    for (const r of results) if (r.caseId && !r.caseNumber) r.caseNumber = numbers.get(r.caseId) ?? null;
  }
}

interface AlarmLog {
  platform: string;
  item: AlarmItem;
  device: DeviceEntity | null;
  sender: AlarmSender;
  now: Date;
}

/** What a malformed item still tells us, for its result line. */
function idsOf(raw: unknown): { alarmId: string | null; deviceId: string | null } {
  const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const pick = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : null);
  return { alarmId: pick(o.alarmId), deviceId: pick(o.deviceId) };
}

/** The reading, level and message of an alarm, as one line for a timeline note or a case description. */
/**
 * A sensor case's description: one short sentence in Chinese, in Shanghai time — what, where, when, the reading. The
 * platform's alarm id and the raw instant stay in the alarm log (admins' 告警记录), not in front of people.
 */
function describe({ item }: AlarmLog, device: DeviceEntity): string {
  const parts = [`${DEVICE_TYPE_LABELS[device.type].zh}告警：${device.name}`, `${townClockText(new Date(item.occurredAt))} 发生`];
  if (item.value !== undefined) parts.push(`读数 ${item.value}`);
  if (item.level) parts.push(`级别 ${item.level}`);
  const sentence = `${parts.join('，')}。`;
  return (item.message ? `${sentence}${item.message}` : sentence).slice(0, 2000);
}

/** A device as the shared merge rule sees it (cases/sensor-cases.ts). */
function devicePlace(d: DeviceEntity): SensorPlace {
  return { kind: 'device', id: d.id, districtCode: d.districtCode, gridCellCode: d.gridCellCode };
}
