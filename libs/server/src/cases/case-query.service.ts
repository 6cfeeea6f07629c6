import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseListQuery, CaseSummary, CaseView, Page } from '@gridops/contracts';
import { allowedActions, type Actor } from '@gridops/domain';
import { DirectoryService, workflowCategory } from '../directory/directory.service';
import { badRequest, notFound } from '../platform/errors/api-error';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { toDetail, toEventView, toSummary, toWorkflowCase } from './case.mapper';
import { applyCaseScope } from './case-scope';
import { caseListFilterSql, textSearchIndexSql } from './case-filters';
import { NamedParams, SqlParams } from '../platform/database/sql-params';
import { AttachmentsService } from '../attachments/attachments.service';

/** Text search: up to this many cases found by the search indexes are gathered and sorted; more, and the list walks report time. */
export const TEXT_SEARCH_GATHER_MAX = 5000;

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

  /**
   * A page of the list. With a text search, the way to read it is chosen by how many cases the search indexes find,
   * not by the planner's estimate — which cannot know that a day's case numbers are all far back, say, and would
   * walk the report-time index through 350,000 rows to find them (docs/benchmarks.md, "Text search"): up to
   * TEXT_SEARCH_GATHER_MAX candidates are gathered from the indexes and sorted; more than that, and the newest
   * matches are near, so the report-time index is walked.
   */
  async list(q: CaseListQuery, actor: Actor, now = new Date()): Promise<Page<CaseSummary>> {
    const p = new SqlParams();
    const indexed = q.q ? textSearchIndexSql(q.q, 'c', p) : null;
    if (indexed === null) return this.page(this.ds.manager, q, actor, now);
    return this.ds.transaction(async (m) => {
      // the count reads the search index alone (no table walk), and stops at one past the limit
      await m.query('SET LOCAL enable_seqscan = off');
      await m.query('SET LOCAL enable_indexscan = off');
      const [{ n }] = (await m.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${indexed} LIMIT ${TEXT_SEARCH_GATHER_MAX + 1}) x`, p.values)) as { n: number }[];
      if (n > TEXT_SEARCH_GATHER_MAX) {
        await m.query('SET LOCAL enable_indexscan = on');
        await m.query('SET LOCAL enable_bitmapscan = off');
      }
      return this.page(m, q, actor, now);
    });
  }

  private async page(m: EntityManager, q: CaseListQuery, actor: Actor, now: Date): Promise<Page<CaseSummary>> {
    const qb = applyCaseScope(m.getRepository(CaseEntity).createQueryBuilder('c'), 'c', actor);
    const p = new NamedParams('filter');
    const filters = caseListFilterSql(q, 'c', actor, now, p);
    if (filters.length) qb.andWhere(filters.join(' AND '), p.values);
    if (q.cursor) {
      const { at, id } = decodeCursor(q.cursor);
      qb.andWhere('(c.reported_at, c.id) < (:cursorAt, :cursorId)', { cursorAt: at, cursorId: id });
    }
    const rows = await qb.orderBy('c.reported_at', 'DESC').addOrderBy('c.id', 'DESC').take(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    return { items: page.map((r) => toSummary(r, now)), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /** A case the caller may see, or null: outside one's scope a case does not exist, so its existence is not revealed. */
  async visible(id: string, actor: Actor): Promise<CaseEntity | null> {
    if (!UUID.test(id)) return null;
    return applyCaseScope(this.ds.getRepository(CaseEntity).createQueryBuilder('c'), 'c', actor).andWhere('c.id = :id', { id }).getOne();
  }

  /** A case the caller may see, or 404 — never 403, so a case outside one's district doesn't reveal it exists. */
  async findVisible(id: string, actor: Actor): Promise<CaseEntity> {
    const found = await this.visible(id, actor);
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
