import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AlertKind, CaseEventMessage, NotificationMessage } from '@gridops/contracts';
import { broadcastOf } from '../cases/case-effects';
import { CaseEventPublisher, type PublishedCaseEvent } from '../cases/case-writer';
import { CaseEntity } from '../cases/case.entity';
import { toSummary } from '../cases/case.mapper';
import { LivePublisher } from './live-publisher';
import { roomsForCase, userRoom } from './live-rooms';

/**
 * Tells the boards about committed case events — only after commit, so a board never shows what was rolled back.
 * A failure here loses nothing: clients detect the seq gap and resume from case_events.
 */
@Injectable()
export class CaseBroadcaster implements CaseEventPublisher {
  private readonly logger = new Logger('live');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Optional() private readonly publisher?: LivePublisher,
  ) {}

  /** Fire and forget: the caller's answer never waits on the fan-out. */
  published(events: PublishedCaseEvent[], known: CaseEntity[] = []): void {
    if (!this.publisher || events.length === 0) return;
    void this.send(events, known).catch((err: unknown) => this.logger.warn(`broadcast failed: ${(err as Error).message}`));
  }

  /** Notifications a write committed, to their readers' own rooms. */
  notifications(notices: (NotificationMessage & { userId: string })[]): void {
    for (const n of notices) this.publisher?.emit([userRoom(n.userId)], 'notification', { id: n.id, kind: n.kind, caseId: n.caseId, params: n.params, createdAt: n.createdAt });
  }

  alert(kind: AlertKind, c: CaseEntity, message: string): void {
    this.publisher?.emit(roomsForCase(c), 'alert.raised', {
      kind,
      caseId: c.id,
      number: c.number,
      districtCode: c.districtCode,
      message,
      at: new Date().toISOString(),
    });
  }

  /** `known`: cases the caller already holds as committed (a new report), so they need no read. */
  private async send(events: PublishedCaseEvent[], known: CaseEntity[]): Promise<void> {
    const byId = new Map(known.map((c) => [c.id, c]));
    const ids = [...new Set(events.map((e) => e.caseId))].filter((id) => !byId.has(id));
    if (ids.length) {
      const cases = await this.ds.getRepository(CaseEntity).createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany();
      cases.forEach((c) => byId.set(c.id, c));
    }
    for (const e of events) {
      const c = byId.get(e.caseId);
      if (!c) continue;
      const message: CaseEventMessage = {
        seq: e.seq,
        type: e.type,
        caseId: e.caseId,
        fromState: e.fromState,
        toState: e.toState,
        actor: e.actor,
        at: e.at.toISOString(),
        case: toSummary(c),
      };
      const effects = broadcastOf(e);
      this.publisher?.emit(roomsForCase(c), effects.broadcast, message);
      // a sensor's alarm names the device
      if (effects.alert) this.alert(effects.alert.kind, c, c.deviceId ? `${effects.alert.text} · ${c.deviceId}` : effects.alert.text);
    }
  }
}
