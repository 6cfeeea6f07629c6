import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { HotlineField, HotlineImportCounts, HotlineImportResult, HotlineImportRowResult, HotlineImportSummary, Page } from '@gridops/contracts';
import { ADDRESS_QUERY_MAX, HOTLINE_FIELDS, type HotlineColumns } from '@gridops/contracts';
import type { Actor, SystemNote } from '@gridops/domain';
import { CaseEntity } from '../cases/case.entity';
import { CaseQueryService } from '../cases/case-query.service';
import { CaseTransitionService } from '../cases/case-transition.service';
import { CaseRefusedError } from '../cases/case-refusal';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService } from '../directory/town-geography.service';
import { IntakeService } from '../intake/intake.service';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { ApiError, notFound } from '../platform/errors/api-error';
import { sanitiseFileName } from '../attachments/file-name';
import { readHotlineFile } from './hotline-file-reader';
import { HotlineImportEntity } from './hotline-import.entity';
import { HotlineMappingsService } from './hotline-mappings.service';
import { HotlineOrderEntity } from './hotline-order.entity';
import { problem } from './hotline-problems';
import { cellText, interpretRows, resolveColumns, type AddressLookup, type InterpretedRow } from './hotline-rows';
import type { Sheet } from './hotline-file-reader';
import { AddressService } from '../directory/addresses/address.service';
import { SuggestionService } from '../suggest/suggestion.service';

export interface Importer {
  actor: Actor;
  userId: string;
  name: string;
}

const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * 12345 工单导入. Each new 工单 goes through IntakeService like any report (Postgres, outbox, pipeline); its
 * hotline_orders row is written in the same transaction, so a 工单号 becomes at most one case, whatever is re-imported
 * or imported twice at once. A 工单 seen before is `unchanged`, or `merged` when its row changed: the change is
 * noted on the case's timeline.
 */
@Injectable()
export class HotlineImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mappings: HotlineMappingsService,
    private readonly directory: DirectoryService,
    private readonly geography: TownGeographyService,
    private readonly intake: IntakeService,
    private readonly cases: CaseQueryService,
    private readonly transitions: CaseTransitionService,
    private readonly suggestions: SuggestionService,
    private readonly addresses: AddressService,
  ) {}

  async run(file: { data: Buffer; fileName: string | null }, opts: { dryRun: boolean; mappingId?: string }, by: Importer): Promise<HotlineImportResult> {
    const startedAt = new Date();
    const mapping = await this.mappings.forImport(opts.mappingId);
    const sheet = await readHotlineFile(file.data, this.config.HOTLINE_IMPORT_MAX_ROWS);
    const [categories, cells] = await Promise.all([this.directory.categories(), this.geography.cells()]);
    const addresses = await this.lookUpAddresses(sheet, mapping);
    const rows = interpretRows(sheet, mapping, { categories, cells, addresses }, startedAt);
    const importId = opts.dryRun ? null : randomUUID();

    const known = await this.knownOrders(rows.flatMap((r) => (r.externalRef ? [r.externalRef] : [])));
    const results: HotlineImportRowResult[] = [];
    for (const row of rows) results.push(await this.takeRow(row, known, importId, by));
    if (opts.dryRun) {
      // the preview shows what the model reads in each description (not on the import itself: nothing would show it)
      const suggested = await this.suggestions.suggestMany(rows.map((r) => r.values.description ?? ''));
      results.forEach((r, i) => (r.suggestions = suggested[i].categories));
    }

    const counts: HotlineImportCounts = { total: results.length, created: 0, merged: 0, unchanged: 0, refused: 0 };
    for (const r of results) counts[r.status] += 1;
    const summary: HotlineImportSummary = {
      id: importId,
      dryRun: opts.dryRun,
      fileName: sanitiseFileName(file.fileName),
      fileType: sheet.type,
      mapping: { id: mapping.id, name: mapping.name },
      importedBy: { id: by.userId, name: by.name },
      counts,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    };
    if (importId) {
      await this.ds
        .createQueryBuilder()
        .insert()
        .into(HotlineImportEntity)
        .values({
          id: importId,
          fileName: summary.fileName,
          fileType: sheet.type,
          fileSize: file.data.length,
          fileSha256: createHash('sha256').update(file.data).digest('hex'),
          mappingId: mapping.id,
          mappingName: mapping.name,
          importedBy: by.userId,
          importerName: by.name.slice(0, 50),
          ...counts,
          rows: results,
          startedAt,
          finishedAt: new Date(summary.finishedAt),
        } as QueryDeepPartialEntity<HotlineImportEntity>)
        .updateEntity(false)
        .execute();
    }
    return { ...summary, rows: results };
  }

  /**
   * The address library's answer for the address of every row without coordinates (each distinct text once): the
   * rows are then placed by it (hotline-rows.ts readPlace), and the ones it cannot place are listed, never guessed.
   */
  private async lookUpAddresses(sheet: Sheet, mapping: { columns: HotlineColumns }): Promise<Map<string, AddressLookup>> {
    const at = resolveColumns(sheet.headers, mapping.columns);
    const out = new Map<string, AddressLookup>();
    if (at.address === undefined) return out;
    const filled = (i: number | undefined, cells: Sheet['rows'][number]['cells']) => i !== undefined && cells[i] !== null && cells[i] !== undefined && String(cells[i]).trim() !== '';
    for (const r of sheet.rows) {
      if (filled(at.coordinates, r.cells) || filled(at.lng, r.cells) || filled(at.lat, r.cells)) continue;
      const text = cellText(r.cells[at.address]);
      if (!text || out.has(text) || text.length > ADDRESS_QUERY_MAX) continue;
      const found = await this.addresses.resolve(text);
      out.set(
        text,
        found.status === 'resolved'
          ? { status: 'resolved', id: found.match.candidate.id, standardText: found.match.candidate.standardText, point: { lat: found.match.candidate.lat, lng: found.match.candidate.lng } }
          : found.status === 'ambiguous'
            ? { status: 'ambiguous', candidates: found.ranked.slice(0, 5).map((c) => c.candidate.standardText) }
            : { status: 'none' },
      );
    }
    return out;
  }

  private async knownOrders(refs: string[]): Promise<Map<string, HotlineOrderEntity>> {
    if (refs.length === 0) return new Map();
    const rows = await this.ds.getRepository(HotlineOrderEntity).createQueryBuilder('o').where('o.external_ref IN (:...refs)', { refs }).getMany();
    return new Map(rows.map((o) => [o.externalRef, o]));
  }

  private async takeRow(row: InterpretedRow, known: Map<string, HotlineOrderEntity>, importId: string | null, by: Importer): Promise<HotlineImportRowResult> {
    const base = { row: row.row, externalRef: row.externalRef, caseId: null, caseNumber: null, locatedBy: null, errors: row.errors, warnings: row.warnings };
    if (!row.report || !row.externalRef) return { ...base, status: 'refused' };
    const earlier = known.get(row.externalRef);
    if (earlier) return this.takeKnown(row, earlier, importId, by);
    if (!importId) return { ...base, status: 'created', locatedBy: row.locatedBy };

    const externalRef = row.externalRef;
    try {
      const result = await this.intake.report(
        row.report,
        { actor: by.actor, name: by.name, principal: `user:${by.userId}` },
        undefined,
        new Date(),
        {
          eventPayload: { externalRef, hotlineImportId: importId, locatedBy: row.locatedBy },
          inTransaction: async (m, created) => {
            await m
              .createQueryBuilder()
              .insert()
              .into(HotlineOrderEntity)
              .values({
                externalRef,
                caseId: created.id,
                rowHash: row.hash,
                locatedBy: row.locatedBy ?? 'coordinates',
                firstImportId: importId,
                lastImportId: importId,
              })
              .updateEntity(false)
              .execute();
          },
        },
      );
      return { ...base, status: 'created', caseId: result.caseId, caseNumber: result.created?.number ?? null, locatedBy: row.locatedBy };
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) {
        // another import took this 工单号 in between our read and our write: it is theirs, and ours is a repeat
        const winner = await this.ds.getRepository(HotlineOrderEntity).findOneBy({ externalRef });
        if (winner) return this.takeKnown(row, winner, importId, by);
      }
      if (err instanceof ApiError) {
        const body = err.getResponse() as { error: { code: string; message: string } };
        return { ...base, status: 'refused', errors: [...row.errors, problem.intakeRefused(body.error.code, body.error.message)] };
      }
      throw err;
    }
  }

  /** A 工单号 seen before: the same row is `unchanged`; a changed row is noted on the case (`merged`). */
  private async takeKnown(row: InterpretedRow, earlier: HotlineOrderEntity, importId: string | null, by: Importer): Promise<HotlineImportRowResult> {
    const c = await this.ds.getRepository(CaseEntity).findOne({ where: { id: earlier.caseId }, select: { id: true, number: true, duplicateOf: true } });
    const base = { row: row.row, externalRef: row.externalRef, caseId: earlier.caseId, caseNumber: c?.number ?? null, locatedBy: earlier.locatedBy, errors: row.errors, warnings: row.warnings };
    if (earlier.rowHash === row.hash) return { ...base, status: 'unchanged' };
    if (!importId) return { ...base, status: 'merged' };
    // a case merged into another carries on there: the update goes where the work is
    const target = c?.duplicateOf ?? earlier.caseId;
    const systemNote = mergeNote(row);
    for (let attempt = 0; ; attempt++) {
      const current = await this.cases.findVisible(target, by.actor);
      const result = await this.transitions.apply(target, 'comment', { actor: by.actor, name: by.name }, { version: current.version, systemNote }, { loaded: current });
      if (result.ok) break;
      // the case moved on while we read it: read it again (a comment fits any state)
      if (result.code !== 'STALE_VERSION' || attempt >= 3) throw new CaseRefusedError(result);
    }
    await this.ds.getRepository(HotlineOrderEntity).update({ externalRef: earlier.externalRef }, { rowHash: row.hash, lastImportId: importId });
    earlier.rowHash = row.hash;
    return { ...base, status: 'merged', caseId: target };
  }

  async list(q: { limit: number; before?: string }): Promise<Page<HotlineImportSummary>> {
    const qb = this.ds.getRepository(HotlineImportEntity).createQueryBuilder('i').select([
      'i.id', 'i.fileName', 'i.fileType', 'i.mappingId', 'i.mappingName', 'i.importedBy', 'i.importerName',
      'i.total', 'i.created', 'i.merged', 'i.unchanged', 'i.refused', 'i.startedAt', 'i.finishedAt',
    ]);
    if (q.before) {
      const last = await this.ds.getRepository(HotlineImportEntity).findOne({ where: { id: q.before }, select: { id: true, startedAt: true } });
      if (!last) throw notFound('the import named by `before` was not found');
      qb.where('(i.started_at, i.id) < (:at, :id)', { at: last.startedAt, id: last.id });
    }
    const rows = await qb.orderBy('i.started_at', 'DESC').addOrderBy('i.id', 'DESC').take(q.limit + 1).getMany();
    const page = rows.slice(0, q.limit);
    return { items: page.map(summaryOf), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
  }

  async get(id: string): Promise<HotlineImportResult> {
    const row = UUID.test(id) ? await this.ds.getRepository(HotlineImportEntity).findOneBy({ id }) : null;
    if (!row) throw notFound('import not found');
    return { ...summaryOf(row), rows: row.rows };
  }
}

function summaryOf(i: HotlineImportEntity): HotlineImportSummary {
  return {
    id: i.id,
    dryRun: false,
    fileName: i.fileName,
    fileType: i.fileType,
    mapping: { id: i.mappingId, name: i.mappingName },
    importedBy: { id: i.importedBy, name: i.importerName },
    counts: { total: i.total, created: i.created, merged: i.merged, unchanged: i.unchanged, refused: i.refused },
    startedAt: i.startedAt.toISOString(),
    finishedAt: i.finishedAt.toISOString(),
  };
}

/** Contact details stay in the case's reporter fields (masked for field roles), never in a timeline note. */
const NOT_IN_NOTES: HotlineField[] = ['externalRef', 'reporterName', 'reporterPhone'];

/** The timeline note of an updated 工单: its current values, by their 12345 names (the 12345 system's own words). */
function mergeNote(row: InterpretedRow): SystemNote {
  const changes = (Object.keys(HOTLINE_FIELDS) as HotlineField[])
    .filter((f) => !NOT_IN_NOTES.includes(f) && row.values[f])
    .map((f) => `${HOTLINE_FIELDS[f]}：${row.values[f]}`)
    .join('；');
  return { code: 'hotline.updated', params: { ref: row.externalRef ?? '', changes: changes.slice(0, 1800) } };
}
