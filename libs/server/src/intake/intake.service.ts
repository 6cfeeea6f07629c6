import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateReportRequest } from '@gridops/contracts';
import { formatCaseNumber, newReportedCase, type Actor } from '@gridops/domain';
import { CaseEntity } from '../cases/case.entity';
import type { JournalEntry } from '../cases/case-journal';
import { CaseWriter } from '../cases/case-writer';
import { CaseColumns } from '../cases/case-columns';
import { CaseNumberAllocator } from './case-number-allocator';
import { queryPrepared } from '../platform/database/prepared';
import { claimAttachments, resolveAttachments } from '../attachments/attachment-claims';
import { CalendarService } from '../directory/calendar.service';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService } from '../directory/town-geography.service';
import { AddressService } from '../directory/addresses/address.service';
import { ApiError, badRequest, forbidden, unprocessable } from '../platform/errors/api-error';

export interface Reporter {
  actor: Actor;
  name: string;
  /** whose idempotency keys these are: `user:<id>` or `key:<api key id>` */
  principal: string;
}

export interface IntakeResult {
  caseId: string;
  /** true when an earlier request with the same Idempotency-Key already created it */
  replayed: boolean;
  /** the new case as stored (absent on a replay) */
  created?: CaseEntity;
}

/** What a channel adds to a report (the 12345 import, for one): written in the same transaction as the case. */
export interface IntakeExtras {
  /** merged into the first timeline event's payload, e.g. the channel's own id for the report */
  eventPayload?: Record<string, unknown>;
  /** runs inside the case transaction after the case row is written; throwing rolls the report back */
  inTransaction?: (m: EntityManager, created: CaseEntity) => Promise<void>;
  /** the registered sensor whose alarm this is: set by the alarm ingest only, never from a request body */
  deviceId?: string;
  /** the registered camera whose detection this is: set by the video ingest only, never from a request body */
  cameraId?: string;
}

const UNIQUE_VIOLATION = '23505';

/** A 4xx of our own, or the idempotency key's unique index: either may mean "this request was accepted before". */
function isRefusalOrKeyCollision(err: unknown): boolean {
  if (err instanceof ApiError) return err.getStatus() < 500;
  const e = err as { code?: string; table?: string };
  return e.code === UNIQUE_VIOLATION && e.table === 'idempotency_keys';
}

/**
 * 上报: a report from any channel becomes a case. Case, first timeline event, outbox row and idempotency key are
 * committed in one transaction before we answer — an accepted report is never lost.
 */
@Injectable()
export class IntakeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly geography: TownGeographyService,
    private readonly directory: DirectoryService,
    private readonly calendars: CalendarService,
    private readonly writer: CaseWriter,
    private readonly addresses: AddressService,
  ) {
    this.columns = new CaseColumns(ds);
    this.numbers = new CaseNumberAllocator(ds);
  }

  private readonly columns: CaseColumns;
  private readonly numbers: CaseNumberAllocator;

  /**
   * A repeated Idempotency-Key is found when its insert collides (the key is written in the case's own statement),
   * not by a read before every report: retries are rare, and the read was a third of intake's round trips. So a
   * refusal of a retried request (say its category was retired since) first checks for the key: a client that
   * retries a report which was accepted gets its case back, never an error.
   */
  async report(body: CreateReportRequest, by: Reporter, idempotencyKey?: string, now = new Date(), extras: IntakeExtras = {}): Promise<IntakeResult> {
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    try {
      return await this.create(body, by, idempotencyKey ? { key: idempotencyKey, requestHash } : null, now, extras);
    } catch (err) {
      if (!idempotencyKey || !isRefusalOrKeyCollision(err)) throw err;
      const earlier = await this.findByKey(by.principal, idempotencyKey, requestHash);
      if (earlier) return earlier;
      throw err;
    }
  }

  private async create(body: CreateReportRequest, by: Reporter, key: { key: string; requestHash: string } | null, now: Date, extras: IntakeExtras): Promise<IntakeResult> {
    const category = await this.directory.category(body.categoryCode);
    if (!category || !category.active) {
      throw badRequest(`unknown category ${body.categoryCode}`, [{ path: 'categoryCode', message: 'unknown category' }]);
    }
    const place = await this.geography.locate(body.location);
    if (!place) {
      throw unprocessable('OUTSIDE_TOWN', `(${body.location.lat}, ${body.location.lng}) is outside 长征镇's four 片区 (新城, 金沙, 怒江, 梅川)`);
    }
    if (by.actor.districtCode !== null && by.actor.districtCode !== place.district.code) {
      throw forbidden(`you report inside your own 片区 (${by.actor.districtCode}); this point is in ${place.district.code}`);
    }
    // a place picked from the address library: the case shows the library's standard form (标准地址)
    const address = body.addressId ? (await this.addresses.standardText(body.addressId)) : (body.address ?? null);
    const attachments = await resolveAttachments(this.ds.manager, body.attachmentIds, by.principal);
    const calendar = await this.calendars.calendar();
    const id = randomUUID();
    const wf = newReportedCase(
      { id, source: body.source, districtCode: place.district.code, categoryCode: category.code, priority: category.priority, reportedAt: now },
      { calendar },
    );
    // numbered before the write (see CaseNumberAllocator): a failed report leaves a gap, never a duplicate
    const number = formatCaseNumber(calendar.localDateOf(now), await this.numbers.next(calendar.localDateOf(now)));

    // the case as stored: also what we answer with and broadcast, so neither needs to read it back
    // (the workflow fields spread last: in V8 each property *added after* a spread costs ~2 µs, see fast-entity-copier.ts)
    const row: CaseEntity = this.columns.entity({
      number,
      description: body.description,
      lat: body.location.lat,
      lng: body.location.lng,
      address,
      gridCellCode: place.cell.code,
      reporterName: body.reporter?.name ?? null,
      reporterPhone: body.reporter?.phone ?? null,
      occurredAt: body.occurredAt ? new Date(body.occurredAt) : null,
      reportedBy: by.actor.userId,
      deviceId: extras.deviceId ?? null,
      cameraId: extras.cameraId ?? null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      ...wf,
    });
    const entry: JournalEntry = {
      caseId: id,
      type: 'report',
      actor: by.actor,
      actorName: by.name,
      fromState: null,
      toState: 'REPORTED',
      payload: { ...extras.eventPayload, source: body.source, categoryCode: category.code, number },
      attachments: attachments.map((a) => a.id),
      at: now,
      topic: 'case.created',
      deadlineVersion: 0,
      caseVersion: 1,
      source: body.source,
    };
    // case, first event, outbox row and idempotency key: one statement. Photos and a channel's own rows need a
    // transaction around it; a plain report (almost all of them) is one round trip.
    const write = async (m: EntityManager): Promise<string> => {
      const seq = await this.writer.commitReport(m, row, entry, key ? { principal: by.principal, ...key } : null);
      await claimAttachments(m, attachments, { principal: by.principal, caseId: id, eventSeq: seq, at: now });
      if (extras.inTransaction) await extras.inTransaction(m, row);
      return seq;
    };
    const seq = attachments.length > 0 || extras.inTransaction ? await this.ds.transaction(write) : await write(this.ds.manager);
    this.writer.published([entry], [seq], [row]);
    return { caseId: id, replayed: false, created: row };
  }

  private async findByKey(principal: string, key: string, requestHash: string): Promise<IntakeResult | null> {
    const rows = await queryPrepared<{ request_hash: string; case_id: string }>(
      this.ds.manager,
      `SELECT request_hash, case_id FROM idempotency_keys WHERE principal = $1 AND key = $2`,
      [principal, key],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.request_hash !== requestHash) {
      throw unprocessable('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different report; use a new key for a new report');
    }
    return { caseId: row.case_id, replayed: true };
  }

}
