import { Injectable } from '@nestjs/common';
import { REPLAY_WINDOW_DAYS } from '@gridops/contracts';
import { REPLAY_ORIGIN_SQL, casesAt, type CaseRows } from '../cases/cases-at';
import { badRequest } from '../platform/errors/api-error';
import { ReadDatabase } from '../platform/read-replica/read-database';

const DAY_MS = 86_400_000;

/**
 * 回放 (replay): which past moments can be answered — not in the future, at most REPLAY_WINDOW_DAYS back, and not
 * before the case versions began (migration CaseVersions) — and the case rows of such a moment. Anything else is a
 * clear 400, never an answer made of guesses.
 */
@Injectable()
export class ReplayWindow {
  private origin: Date | undefined;

  constructor(private readonly reads: ReadDatabase) {}

  async rowsAt(at: string, now = new Date()): Promise<CaseRows & { at: Date }> {
    const moment = new Date(at);
    if (Number.isNaN(moment.getTime())) throw badRequest('at: not a time', { field: 'at' });
    if (moment.getTime() > now.getTime()) throw badRequest('at: the moment is in the future; replay shows the past', { field: 'at', now: now.toISOString() });
    const earliest = new Date(now.getTime() - REPLAY_WINDOW_DAYS * DAY_MS);
    if (moment < earliest) throw badRequest(`at: replay reaches back ${REPLAY_WINDOW_DAYS} days, to ${earliest.toISOString()}`, { field: 'at', earliest: earliest.toISOString() });
    const origin = await this.completeFrom();
    if (moment < origin) throw badRequest(`at: case history is kept from ${origin.toISOString()} on`, { field: 'at', earliest: origin.toISOString() });
    return casesAt(moment) as CaseRows & { at: Date };
  }

  /** Set once by the migration; read once per process. */
  private async completeFrom(): Promise<Date> {
    if (!this.origin) {
      const [row] = (await this.reads.query(REPLAY_ORIGIN_SQL)) as { complete_from: Date }[];
      this.origin = row ? new Date(row.complete_from) : new Date(0);
    }
    return this.origin;
  }
}
