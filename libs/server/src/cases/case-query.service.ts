import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { CaseListQuery, CasePage, CaseSummary, CaseView, NearbyCase, Page } from '@gridops/contracts';
import { allowedActions, type Actor } from '@gridops/domain';
import { DirectoryService, workflowCategory } from '../directory/directory.service';
import { badRequest, notFound } from '../platform/errors/api-error';
import { CaseEventEntity } from './case-event.entity';
import { LAST_EVENT_SEQ_SQL } from './case-event-seq';
import { CaseEntity } from './case.entity';
import { toDetail, toEventView, toSummary, toWorkflowCase } from './case.mapper';
import { nearbyOpenCases } from './nearby-cases';
import { applyCaseScope } from './case-scope';
import { caseListFilterSql, textSearchIndexSql, type TextSearchKeys, type TextSearchRead } from './case-filters';
import { NamedParams, SqlParams } from '../platform/database/sql-params';
import { AttachmentsService } from '../attachments/attachments.service';
import { ReadDatabase } from '../platform/read-replica/read-database';

/** Possible duplicates shown to the desk at most. */
const NEARBY_SHOWN = 10;

/** Text search: the newest cases walked first, before the search indexes gather the matches (CaseQueryService.list). */
export const TEXT_SEARCH_WALK_ROWS = 6000;

/**
 * Text search: a text the index's statistics put in at most this many cases is gathered without the walk — about as
 * many candidates as the index gathers in the time a walk that finds nothing takes (1,400 in 9 ms at 1 M cases).
 */
export const TEXT_SEARCH_GATHER_AT_MOST = 2000;

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

/**
 * Reads of cases. The case file and the lookups a decision is taken on (`visible`, `findVisible`, `view`) read the
 * primary — a case file right after an action must show it; only `list` may be served by the read replica.
 */
@Injectable()
export class CaseQueryService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: DirectoryService,
    private readonly attachments: AttachmentsService,
    private readonly reads: ReadDatabase,
  ) {}

  /**
   * A page of the caller's cases: lag-tolerant (the desk's lists are patched live), so read where ReadDatabase says,
   * with the seq it was read at and, when asked (`count`), the total of the whole list.
   */
  list(q: CaseListQuery, actor: Actor, now = new Date()): Promise<CasePage> {
    return this.reads.read((ds) => this.listOn(ds, q, actor, now));
  }

  /**
   * A text search is read in two tries, because no estimate tells a planner whether the newest matches are near (a
   * common word: walk the report-time index) or far (a rare word, or a day's case numbers eight months back: gather
   * them from the search indexes and sort) — docs/benchmarks.md, "Text search":
   * 1. walk only the newest TEXT_SEARCH_WALK_ROWS cases (in scope, after the cursor): a full page found there is the
   *    page, since every case further back is older;
   * 2. else gather every match from the search indexes and sort them (fewer than a page in that many cases: rare).
   * A text the index's statistics put in few cases (TEXT_SEARCH_GATHER_AT_MOST) goes straight to 2: its walk would
   * find too few. Both read the same conditions, so the answer is the same whichever does.
   */
  private async listOn(ds: DataSource, q: CaseListQuery, actor: Actor, now: Date): Promise<CasePage> {
    // read before the page, on the same database: the page holds at least everything up to this seq
    const [{ seq }] = (await ds.query(`SELECT ${LAST_EVENT_SEQ_SQL} AS seq`)) as { seq: string }[];
    // the total of every page, counted before the cursor narrows the rows
    const total = q.count ? await this.filtered(ds.manager, q, actor, now, undefined).getCount() : undefined;
    const page = !q.q || textSearchIndexSql(q.q, 'c', new SqlParams()) === null ? await this.page(ds.manager, q, actor, now) : await this.searchPage(ds, q, actor, now);
    return { ...page, seq, ...(total === undefined ? {} : { total }) };
  }

  private searchPage(ds: DataSource, q: CaseListQuery, actor: Actor, now: Date): Promise<Page<CaseSummary>> {
    return ds.transaction(async (m) => {
      // a page of matches is too little work to share: starting parallel workers cost more (10 ms) than either try
      await m.query('SET LOCAL max_parallel_workers_per_gather = 0');
      // the text's keys worth asking the index for (the rarer of each arm, by the index's statistics: migration
      // SearchNumberKeys), and how many cases can hold them at most (null: no statistics)
      const [probe] = (await m.query('SELECT fields, number, cases_at_most AS "casesAtMost" FROM case_search_probe($1)', [q.q])) as (TextSearchKeys & { casesAtMost: number | null })[];
      const few = probe.casesAtMost !== null && probe.casesAtMost <= TEXT_SEARCH_GATHER_AT_MOST;
      const edge = few ? null : await this.scoped(m, actor, q.cursor)
        .select(['c.reportedAt', 'c.id'])
        .orderBy('c.reported_at', 'DESC')
        .addOrderBy('c.id', 'DESC')
        .offset(TEXT_SEARCH_WALK_ROWS - 1)
        .limit(1)
        .getOne();
      if (edge) {
        // the walk: the newest cases by the report-time index, each kept or dropped by the ILIKEs alone. Left a
        // sequential scan or a bitmap, the planner drove the search from case_texts — every text read (3 s) for a
        // page the walk finds in its first rows
        await m.query('SET LOCAL enable_bitmapscan = off');
        await m.query('SET LOCAL enable_seqscan = off');
        const near = await this.page(m, q, actor, now, edge, 'walk');
        if (near.nextCursor !== null) return near;
        await m.query('SET LOCAL enable_bitmapscan = on');
      }
      await m.query('SET LOCAL enable_indexscan = off');
      await m.query('SET LOCAL enable_seqscan = off');
      return this.page(m, q, actor, now, undefined, probe);
    });
  }

  /** Cases in the caller's scope, after the cursor. */
  private scoped(m: EntityManager, actor: Actor, cursor: string | undefined): SelectQueryBuilder<CaseEntity> {
    const qb = applyCaseScope(m.getRepository(CaseEntity).createQueryBuilder('c'), 'c', actor);
    if (cursor) {
      const { at, id } = decodeCursor(cursor);
      qb.andWhere('(c.reported_at, c.id) < (:cursorAt, :cursorId)', { cursorAt: at, cursorId: id });
    }
    return qb;
  }

  /** The list's cases: scope, cursor and filters. */
  private filtered(m: EntityManager, q: CaseListQuery, actor: Actor, now: Date, cursor: string | undefined, textRead?: TextSearchRead): SelectQueryBuilder<CaseEntity> {
    const qb = this.scoped(m, actor, cursor);
    const p = new NamedParams('filter');
    const filters = caseListFilterSql(q, 'c', actor, now, p, textRead);
    if (filters.length) qb.andWhere(filters.join(' AND '), p.values);
    return qb;
  }

  /** A page, newest first; `since` keeps it to cases at or after that one; `textRead` as caseListFilterSql takes it. */
  private async page(m: EntityManager, q: CaseListQuery, actor: Actor, now: Date, since?: CaseEntity, textRead?: TextSearchRead): Promise<Page<CaseSummary>> {
    const qb = this.filtered(m, q, actor, now, q.cursor, textRead);
    if (since) qb.andWhere('(c.reported_at, c.id) >= (:sinceAt, :sinceId)', { sinceAt: since.reportedAt, sinceId: since.id });
    const rows = await qb.orderBy('c.reported_at', 'DESC').addOrderBy('c.id', 'DESC').take(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    return { items: page.map((r) => toSummary(r, now)), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
  }

  /** The possible duplicates of a report about to be made: open cases of its category around its point, nearest first. */
  async nearby(q: { lat: number; lng: number; category: string }, actor: Actor, now = new Date()): Promise<NearbyCase[]> {
    const near = await nearbyOpenCases(this.ds, { categoryCode: q.category, lat: q.lat, lng: q.lng, at: now }, NEARBY_SHOWN, actor);
    if (!near.length) return [];
    const rows = await this.ds.getRepository(CaseEntity).findBy({ id: In(near.map((n) => n.id)) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return near.flatMap((n) => {
      const c = byId.get(n.id);
      return c ? [{ case: toSummary(c, now), metres: Math.round(n.metres) }] : [];
    });
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
