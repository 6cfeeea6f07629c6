import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import type { CaseSummary, CaseView, ListCasesQuery, Page } from '@gridops/contracts';
import type { listCasesQuerySchema } from '@gridops/contracts';
import { allowedActions, type Actor } from '@gridops/domain';
import type { z } from 'zod';
import { DirectoryService, workflowCategory } from '../directory/directory.service';
import { badRequest, notFound } from '../platform/errors/api-error';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { toDetail, toEventView, toSummary, toWorkflowCase } from './case.mapper';
import { applyCaseScope } from './case-scope';
import { closedCaseSql, openCaseSql } from './case-state-sql';
import { AttachmentsService } from '../attachments/attachments.service';

type ListQuery = z.output<typeof listCasesQuerySchema>;
export type { ListCasesQuery };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cursor = the last row's (reported_at, id), newest first; opaque to clients. */
const encodeCursor = (c: CaseEntity) => Buffer.from(`${c.reportedAt.toISOString()}|${c.id}`).toString('base64url');
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  const year = date.getUTCFullYear();
  const sane = !Number.isNaN(date.getTime()) && year >= 2000 && year <= 9999;
  if (!id || !UUID.test(id) || !sane) throw badRequest('cursor is not one this API gave out');
  return { at: date, id };
}

@Injectable()
export class CaseQueryService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: DirectoryService,
    private readonly attachments: AttachmentsService,
  ) {}

  async list(q: ListQuery, actor: Actor, now = new Date()): Promise<Page<CaseSummary>> {
    const qb = applyCaseScope(this.ds.getRepository(CaseEntity).createQueryBuilder('c'), 'c', actor);
    if (q.district) qb.andWhere('c.district_code IN (:...district)', { district: q.district });
    if (q.grid) qb.andWhere('c.grid_cell_code IN (:...grid)', { grid: q.grid });
    if (q.state) qb.andWhere('c.state IN (:...state)', { state: q.state });
    if (q.category) qb.andWhere('c.category_code IN (:...category)', { category: q.category });
    if (q.source) qb.andWhere('c.source IN (:...source)', { source: q.source });
    if (q.assignee) qb.andWhere('c.assignee_user_id = :assignee', { assignee: q.assignee === 'me' ? actor.userId : q.assignee });
    if (q.checker) qb.andWhere('c.checker_user_id = :checker', { checker: q.checker === 'me' ? actor.userId : q.checker });
    if (q.unit) qb.andWhere('c.assignee_unit_code = :unit', { unit: q.unit });
    if (q.from) qb.andWhere('c.reported_at >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('c.reported_at < :to', { to: new Date(q.to) });
    if (q.supervised !== undefined) qb.andWhere('c.supervised = :supervised', { supervised: q.supervised });
    if (q.urgent !== undefined) qb.andWhere('c.urgent = :urgent', { urgent: q.urgent });
    if (q.held !== undefined) qb.andWhere(`c.dispatch_hold IS ${q.held ? 'NOT ' : ''}NULL`);
    if (q.duplicate !== undefined) qb.andWhere(`c.suggested_duplicate_of IS ${q.duplicate ? 'NOT ' : ''}NULL`);
    if (q.open !== undefined) qb.andWhere(q.open ? openCaseSql('c') : closedCaseSql('c'));
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere(
        new Brackets((w) => w.where('c.number ILIKE :like', { like }).orWhere('c.description ILIKE :like').orWhere('c.address ILIKE :like')),
      );
    }
    if (q.light) {
      // the light is a function of time: red from clock_due_at, yellow from clock_yellow_at (see libs/domain clock.ts)
      qb.andWhere(
        new Brackets((w) => {
          if (q.light?.includes('red')) w.orWhere('c.clock_due_at <= :now');
          if (q.light?.includes('yellow')) w.orWhere('(c.clock_yellow_at <= :now AND c.clock_due_at > :now)');
          if (q.light?.includes('green')) w.orWhere('(c.clock_due_at > :now AND (c.clock_yellow_at IS NULL OR c.clock_yellow_at > :now))');
        }),
        { now },
      );
    }
    if (q.cursor) {
      const { at, id } = decodeCursor(q.cursor);
      qb.andWhere('(c.reported_at, c.id) < (:cursorAt, :cursorId)', { cursorAt: at, cursorId: id });
    }
    const rows = await qb.orderBy('c.reported_at', 'DESC').addOrderBy('c.id', 'DESC').take(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    return { items: page.map((r) => toSummary(r, now)), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /** A case the caller may see, or 404 — never 403, so a case outside one's district doesn't reveal it exists. */
  async findVisible(id: string, actor: Actor): Promise<CaseEntity> {
    if (!UUID.test(id)) throw notFound('case not found');
    const qb = applyCaseScope(this.ds.getRepository(CaseEntity).createQueryBuilder('c'), 'c', actor).andWhere('c.id = :id', { id });
    const found = await qb.getOne();
    if (!found) throw notFound('case not found');
    return found;
  }

  async view(id: string, actor: Actor, now = new Date()): Promise<CaseView> {
    const c = await this.findVisible(id, actor);
    const [events, category, attachments] = await Promise.all([
      this.ds.getRepository(CaseEventEntity).find({ where: { caseId: id }, order: { seq: 'ASC' } }),
      this.directory.category(c.categoryCode),
      this.attachments.listForCase(id, now),
    ]);
    return {
      case: toDetail(c, actor.role, now),
      timeline: events.map(toEventView),
      allowedActions: category ? allowedActions(toWorkflowCase(c), actor, workflowCategory(category)) : [],
      attachments,
    };
  }
}
