import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Page, TrendWarningView, listWarningsQuerySchema } from '@gridops/contracts';
import { readScope, type Actor } from '@gridops/domain';
import type { z } from 'zod';
import { notFound } from '../platform/errors/api-error';
import { SqlParams, type BindParams } from '../platform/database/sql-params';
import { TREND_WARNING_COLUMNS, toWarningView, type TrendWarningRow } from './trend-warning-view';

type ListQuery = z.output<typeof listWarningsQuerySchema>;

/**
 * 趋势预警 as people read them (`GET /warnings`) and acknowledge them (`POST /warnings/:id/acknowledge`), in the
 * caller's read scope: town-level people see every 片区, a 片区-bound person theirs, unit staff none (a warning is
 * about a 片区, not about work of theirs).
 */
@Injectable()
export class TrendWarningsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(q: ListQuery, actor: Actor): Promise<Page<TrendWarningView>> {
    const p = new SqlParams();
    const where = [scopeSql(actor, p)];
    if (q.status === 'open') where.push('w.acknowledged_at IS NULL');
    if (q.status === 'acknowledged') where.push('w.acknowledged_at IS NOT NULL');
    if (q.active !== undefined) where.push(q.active ? 'w.cleared_at IS NULL' : 'w.cleared_at IS NOT NULL');
    if (q.district) where.push(`w.district_code = ${p.add(q.district)}`);
    if (q.cursor) where.push(`w.id < ${p.add(q.cursor)}::bigint`);
    const rows = (await this.ds.query(`SELECT ${TREND_WARNING_COLUMNS} WHERE ${where.join(' AND ')} ORDER BY w.id DESC LIMIT ${p.add(q.limit + 1)}`, p.values)) as TrendWarningRow[];
    const page = rows.slice(0, q.limit);
    return { items: page.map(toWarningView), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
  }

  /**
   * Seen and taken in hand. The first acknowledgement stands: acknowledging again answers the warning as it is.
   * A warning outside the caller's scope is not found.
   */
  async acknowledge(id: string, actor: Actor): Promise<TrendWarningView> {
    const p = new SqlParams();
    const idParam = p.add(id);
    const scope = scopeSql(actor, p);
    const by = p.add(actor.userId);
    await this.ds.query(
      `UPDATE trend_warnings w SET acknowledged_by = ${by}, acknowledged_at = now() WHERE w.id = ${idParam}::bigint AND w.acknowledged_at IS NULL AND ${scope}`,
      p.values,
    );
    const q = new SqlParams();
    const rows = (await this.ds.query(`SELECT ${TREND_WARNING_COLUMNS} WHERE w.id = ${q.add(id)}::bigint AND ${scopeSql(actor, q)}`, q.values)) as TrendWarningRow[];
    if (!rows.length) throw notFound(`no warning ${id}`);
    return toWarningView(rows[0]);
  }
}

/** The read scope (libs/domain `readScope`) on `trend_warnings w`. */
function scopeSql(actor: Actor, p: BindParams): string {
  const scope = readScope(actor);
  switch (scope.kind) {
    case 'town':
      return 'TRUE';
    case 'district':
      return `w.district_code = ${p.add(scope.districtCode)}`;
    case 'assigned':
    case 'nothing':
      return 'FALSE';
  }
}
