import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { CaseLinks, Hotspot, HotspotDetail, HotspotList, HotspotListQuery, LinkedCase, SpecialCaseResult } from '@gridops/contracts';
import { HOTSPOT_RULE, TERMINAL_STATES, canRead, findHotspots, metresBetween, readScope, type Actor, type CaseState, type DistrictCode, type HotspotCluster } from '@gridops/domain';
import { CaseEntity } from '../cases/case.entity';
import { CaseLinkEntity } from '../cases/case-link.entity';
import { CaseQueryService } from '../cases/case-query.service';
import { toSummary } from '../cases/case.mapper';
import { DirectoryService } from '../directory/directory.service';
import { IntakeService } from '../intake/intake.service';
import { conflict, notFound } from '../platform/errors/api-error';
import { ReadDatabase } from '../platform/read-replica/read-database';
import { resolveDistrict } from '../stats/stats-scope';

/** Hotspots one list answers at most (the largest first), and the cases of one hotspot a list item carries. */
const MAX_HOTSPOTS = 200;
const MAX_MEMBERS_LISTED = 100;
/** Cases a hotspot's own answer (`GET /hotspots/:id`) carries in full, and the numbers a 专项 case's text names. */
const MAX_CASES_SHOWN = 200;
const MAX_NUMBERS_NAMED = 20;

const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case as the clustering reads it: the rule's fields and what a scope check needs. */
interface Point {
  id: string;
  categoryCode: string;
  lat: number;
  lng: number;
  reportedAt: Date;
  districtCode: DistrictCode;
}

const isOpen = (state: CaseState) => !(TERMINAL_STATES as readonly CaseState[]).includes(state);
const linked = (c: Pick<CaseEntity, 'id' | 'number' | 'state'>): LinkedCase => ({ id: c.id, number: c.number, state: c.state });

/**
 * 高发点位: hotspots are found on read — libs/domain `findHotspots` over every case reported in the last
 * HOTSPOT_RULE.windowDays days, town-wide (so a 片区's view never splits a place differently from the town's), then
 * kept to those whose anchor the caller may see. Nothing is stored for a hotspot but the links of a 专项 case to its
 * repeats (case_links). docs/board.md, "Hotspots".
 *
 * Counted: every case but void ones (作废: invalid reports, merged duplicates) and 专项 cases themselves.
 */
@Injectable()
export class HotspotsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reads: ReadDatabase,
    private readonly intake: IntakeService,
    private readonly cases: CaseQueryService,
    private readonly directory: DirectoryService,
  ) {}

  /** The caller's hotspots (lag-tolerant: read where ReadDatabase says), largest first. */
  list(q: HotspotListQuery, actor: Actor, now = new Date()): Promise<HotspotList> {
    const district = resolveDistrict(actor, q.district);
    return this.reads.read(async (ds) => {
      const clusters = (await this.clusters(ds.manager, now, q.category ?? null)).filter((h) => this.sees(actor, h.anchor, district)).slice(0, MAX_HOTSPOTS);
      return { items: await this.describe(ds.manager, clusters, actor, now, MAX_MEMBERS_LISTED), rule: { ...HOTSPOT_RULE } };
    });
  }

  /** One hotspot by its anchor case, with its visible cases in full; 404 when it is not (or no longer) a hotspot. */
  async get(id: string, actor: Actor, now = new Date()): Promise<HotspotDetail> {
    const h = await this.find(this.ds.manager, id, actor, now);
    const [hotspot] = await this.describe(this.ds.manager, [h], actor, now, MAX_CASES_SHOWN);
    const rows = await this.ds.getRepository(CaseEntity).findBy({ id: In(hotspot.members.map((m) => m.id)) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return { ...hotspot, cases: hotspot.members.flatMap((m) => (byId.has(m.id) ? [toSummary(byId.get(m.id)!, now)] : [])) };
  }

  /**
   * 专项: the shift lead opens one root-cause case for a hotspot, through the one intake (a 网格巡查-sourced report by
   * the lead at the anchor's point, in the hotspot's category), its links to the repeats written in the case's own
   * transaction. Idempotent per hotspot: while a 专项 case linked to one of its cases is open, opening again answers
   * that case (and links the repeats that came since). Two leads at once: the second's links collide with the first's
   * on case_links' key, its report rolls back, and it answers the first's case.
   */
  async openSpecial(id: string, actor: Actor, by: { name: string; principal: string }, note: string | undefined, now = new Date()): Promise<SpecialCaseResult> {
    const h = await this.find(this.ds.manager, id, actor, now);
    const memberIds = h.members.map((m) => m.id);
    const existing = await this.openSpecialOf(memberIds);
    if (existing) return this.topUp(existing, h, actor, now);

    const taken = new Set((await this.ds.getRepository(CaseLinkEntity).findBy({ memberCaseId: In(memberIds) })).map((l) => l.memberCaseId));
    const toLink = h.members.filter((m) => !taken.has(m.id));
    if (toLink.length === 0) throw conflict('every case of this hotspot is linked to a 专项 case already closed; a new repeat makes it open to another');
    const [anchor, category, numbers] = await Promise.all([
      this.ds.getRepository(CaseEntity).findOneByOrFail({ id: h.anchor.id }),
      this.directory.category(h.anchor.categoryCode),
      this.ds.getRepository(CaseEntity).find({ select: { id: true, number: true }, where: { id: In(memberIds) }, order: { reportedAt: 'ASC', id: 'ASC' } }),
    ]);
    const named = numbers.slice(0, MAX_NUMBERS_NAMED).map((c) => c.number).join('、') + (numbers.length > MAX_NUMBERS_NAMED ? ' 等' : '');
    const place = `${category?.nameZh ?? h.anchor.categoryCode}高发点位：${HOTSPOT_RULE.windowDays} 天内 ${HOTSPOT_RULE.radiusMetres} 米内 ${h.members.length} 起（${named}）`;
    const description = note ? `专项：${note}\n${place}` : `专项：${place}，查找并消除根源。`;
    try {
      const result = await this.intake.report(
        {
          source: 'patrol',
          categoryCode: h.anchor.categoryCode,
          description,
          location: { lat: anchor.lat, lng: anchor.lng },
          ...(anchor.address ? { address: anchor.address } : {}),
        },
        { actor, name: by.name, principal: by.principal },
        undefined,
        now,
        {
          eventPayload: { hotspot: { id: h.anchor.id, caseIds: toLink.map((m) => m.id) } },
          inTransaction: (m, created) => this.link(m, created.id, h.anchor.id, toLink.map((c) => c.id), actor, now),
        },
      );
      const created = result.created ?? (await this.ds.getRepository(CaseEntity).findOneByOrFail({ id: result.caseId }));
      return { specialCase: linked(created), created: true, linkedCaseIds: toLink.map((m) => m.id) };
    } catch (err) {
      const e = err as { code?: string; table?: string };
      if (e.code !== UNIQUE_VIOLATION || e.table !== 'case_links') throw err;
      // another lead opened it a moment ago: theirs is the hotspot's 专项 case
      const theirs = await this.openSpecialOf(memberIds);
      if (!theirs) throw err;
      return this.topUp(theirs, h, actor, now);
    }
  }

  /** A case's 专项 links, both ways, in the caller's scope (404 for a case the caller may not see). */
  async links(caseId: string, actor: Actor): Promise<CaseLinks> {
    await this.cases.findVisible(caseId, actor);
    const m = this.ds.manager;
    const [own, repeats] = await Promise.all([
      m.getRepository(CaseLinkEntity).findOneBy({ memberCaseId: caseId }),
      m.getRepository(CaseLinkEntity).findBy({ specialCaseId: caseId }),
    ]);
    const ids = [...(own ? [own.specialCaseId] : []), ...repeats.map((r) => r.memberCaseId)];
    const rows = ids.length ? await m.getRepository(CaseEntity).find({ where: { id: In(ids) }, order: { reportedAt: 'ASC', id: 'ASC' } }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const special = own ? byId.get(own.specialCaseId) : undefined;
    return {
      special: special && canRead(special, actor) ? linked(special) : null,
      repeats: rows.filter((r) => r.id !== own?.specialCaseId && canRead(r, actor)).map(linked),
    };
  }

  /** Every hotspot now, town-wide (one category when asked). */
  private async clusters(m: EntityManager, now: Date, category: string | null): Promise<HotspotCluster<Point>[]> {
    const since = new Date(now.getTime() - HOTSPOT_RULE.windowDays * 86_400_000);
    const params: unknown[] = [since, now];
    if (category) params.push(category);
    const rows = (await m.query(
      `SELECT c.id, c.category_code, c.lat, c.lng, c.reported_at, c.district_code
         FROM cases c
        WHERE c.reported_at > $1 AND c.reported_at <= $2 AND c.state <> 'VOID'
          ${category ? 'AND c.category_code = $3' : ''}
          AND NOT EXISTS (SELECT 1 FROM case_links l WHERE l.special_case_id = c.id)`,
      params,
    )) as { id: string; category_code: string; lat: number; lng: number; reported_at: Date; district_code: DistrictCode }[];
    const points: Point[] = rows.map((r) => ({ id: r.id, categoryCode: r.category_code, lat: r.lat, lng: r.lng, reportedAt: r.reported_at, districtCode: r.district_code }));
    return findHotspots(points, now);
  }

  /** A hotspot is the caller's when they may see its anchor's 片区 (and it is in the 片区 asked for). */
  private sees(actor: Actor, anchor: Point, district: DistrictCode | null): boolean {
    if (district && anchor.districtCode !== district) return false;
    const scope = readScope(actor);
    return scope.kind === 'town' || (scope.kind === 'district' && scope.districtCode === anchor.districtCode);
  }

  private async find(m: EntityManager, id: string, actor: Actor, now: Date): Promise<HotspotCluster<Point>> {
    if (!UUID.test(id)) throw notFound('hotspot not found');
    const anchor = (await m.query(`SELECT category_code FROM cases WHERE id = $1`, [id])) as { category_code: string }[];
    if (!anchor.length) throw notFound('hotspot not found');
    const h = (await this.clusters(m, now, anchor[0].category_code)).find((c) => c.anchor.id === id);
    if (!h || !this.sees(actor, h.anchor, null)) throw notFound('hotspot not found (or no longer one)');
    return h;
  }

  /** The list's shape: the visible members with their states and lights, and each hotspot's 专项 case. */
  private async describe(m: EntityManager, clusters: HotspotCluster<Point>[], actor: Actor, now: Date, maxMembers: number): Promise<Hotspot[]> {
    const shown = clusters.map((h) => h.members.filter((c) => actor.districtCode === null || c.districtCode === actor.districtCode).slice(0, maxMembers));
    const ids = [...new Set([...shown.flat().map((c) => c.id), ...clusters.map((h) => h.anchor.id)])];
    if (!ids.length) return [];
    const rows = await m.getRepository(CaseEntity).findBy({ id: In(ids) });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const links = await m.getRepository(CaseLinkEntity).find({ where: { memberCaseId: In(clusters.flatMap((h) => h.members.map((c) => c.id))) }, order: { linkedAt: 'DESC' } });
    const specials = links.length ? await m.getRepository(CaseEntity).findBy({ id: In([...new Set(links.map((l) => l.specialCaseId))]) }) : [];
    const specialById = new Map(specials.map((s) => [s.id, s]));
    const specialOf = new Map<string, CaseEntity>();
    for (const l of links) if (!specialOf.has(l.memberCaseId) && specialById.has(l.specialCaseId)) specialOf.set(l.memberCaseId, specialById.get(l.specialCaseId)!);

    return clusters.map((h, i) => {
      const anchor = byId.get(h.anchor.id)!;
      // the hotspot's 专项 case: an open one linked to any of its cases, else the latest linked
      const linkedSpecials = h.members.flatMap((c) => (specialOf.has(c.id) ? [specialOf.get(c.id)!] : []));
      const special = linkedSpecials.find((s) => isOpen(s.state)) ?? linkedSpecials[0] ?? null;
      return {
        id: h.anchor.id,
        categoryCode: h.anchor.categoryCode,
        location: { lat: h.anchor.lat, lng: h.anchor.lng },
        radiusMetres: HOTSPOT_RULE.radiusMetres,
        districtCode: anchor.districtCode,
        gridCellCode: anchor.gridCellCode,
        address: anchor.address,
        caseCount: h.members.length,
        firstReportedAt: h.members[0].reportedAt.toISOString(),
        lastReportedAt: h.members[h.members.length - 1].reportedAt.toISOString(),
        members: shown[i].flatMap((c) => {
          const r = byId.get(c.id);
          return r && canRead(r, actor) ? [{ id: r.id, number: r.number, state: r.state, light: toSummary(r, now).light, reportedAt: r.reportedAt.toISOString(), metres: Math.round(metresBetween(h.anchor, c)) }] : [];
        }),
        specialCase: special && canRead(special, actor) ? linked(special) : null,
      };
    });
  }

  /** The open 专项 case linked to any of these cases (the most recently linked), if there is one. */
  private async openSpecialOf(memberIds: string[]): Promise<CaseEntity | null> {
    const rows = (await this.ds.query(
      `SELECT s.id FROM case_links l JOIN cases s ON s.id = l.special_case_id
        WHERE l.member_case_id = ANY($1::uuid[]) AND s.state NOT IN ('CLOSED', 'VOID')
        ORDER BY l.linked_at DESC, s.id LIMIT 1`,
      [memberIds],
    )) as { id: string }[];
    return rows.length ? this.ds.getRepository(CaseEntity).findOneByOrFail({ id: rows[0].id }) : null;
  }

  /** Opening again: the repeats not linked yet join the open 专项 case; no second case. */
  private async topUp(special: CaseEntity, h: HotspotCluster<Point>, actor: Actor, now: Date): Promise<SpecialCaseResult> {
    await this.link(this.ds.manager, special.id, h.anchor.id, h.members.map((c) => c.id), actor, now, true);
    const all = await this.ds.getRepository(CaseLinkEntity).findBy({ specialCaseId: special.id });
    const members = new Set(h.members.map((c) => c.id));
    return { specialCase: linked(special), created: false, linkedCaseIds: all.map((l) => l.memberCaseId).filter((id) => members.has(id)) };
  }

  private async link(m: EntityManager, specialId: string, hotspotId: string, memberIds: string[], actor: Actor, now: Date, skipTaken = false): Promise<void> {
    if (!memberIds.length) return;
    await m.query(
      `INSERT INTO case_links (member_case_id, special_case_id, hotspot_id, linked_by, linked_at)
       SELECT unnest($1::uuid[]), $2, $3, $4, $5
       ${skipTaken ? 'ON CONFLICT (member_case_id) DO NOTHING' : ''}`,
      [memberIds, specialId, hotspotId, actor.userId, now],
    );
  }
}
