import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { ExportCasesQuery } from '@gridops/contracts';
import { DISTRICT_NAMES, SOURCE_LABELS, STATE_LABELS, townDateOf, townDateTimeText, type Actor, type CaseState, type DistrictCode, type Source } from '@gridops/domain';
import { DirectoryService } from '../directory/directory.service';
import { SqlParams } from '../platform/database/sql-params';
import { caseListFilterSql } from '../cases/case-filters';
import { caseScopeSql } from '../cases/case-scope';
import { exportFile, type ExportColumn, type ExportFile } from './export-file';
import { ExportSlots } from './export-slots';

interface CaseRow {
  id: string;
  number: string;
  state: CaseState;
  source: Source;
  category_code: string;
  district_code: DistrictCode;
  grid_cell_code: string;
  address: string | null;
  description: string;
  urgent: boolean;
  supervised: boolean;
  reported_at: Date;
  handling_due_at: Date | null;
  closed_at: Date | null;
}

/** Rows fetched from the cursor per round trip: big enough to keep Postgres busy, small enough to stay flat. */
const CURSOR_BATCH_ROWS = 1000;

const when = (d: Date | null) => (d ? townDateTimeText(d) : null);
const yesNo = (v: boolean, lang: 'zh' | 'en') => (lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no');

/**
 * 案件导出: the case list (`GET /cases`) with the same filters and the same read scope, every page of it, as CSV or
 * XLSX — read through a server-side cursor in one REPEATABLE READ snapshot (the row count sent first and the rows
 * that follow agree), newest first like the list.
 */
@Injectable()
export class CaseExportService {
  private readonly log = new Logger('exports');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly directory: DirectoryService,
    private readonly slots: ExportSlots,
  ) {}

  async export(q: ExportCasesQuery, actor: Actor, now = new Date()): Promise<ExportFile> {
    const release = this.slots.take();
    const categories = await this.directory.categoriesByCode().catch((err: Error) => {
      release();
      throw err;
    });
    const p = new SqlParams();
    const where = [caseScopeSql(actor, 'c', p), ...caseListFilterSql(q, 'c', actor, now, p)].join(' AND ');
    const runner = this.ds.createQueryRunner('slave');
    let client: PoolClient;
    let rowCount: number;
    try {
      client = (await runner.connect()) as PoolClient;
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      rowCount = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM cases c WHERE ${where}`, p.values)).rows[0].n);
    } catch (err) {
      await runner.release();
      release();
      throw err;
    }
    const rows = client.query(
      new QueryStream(
        `SELECT c.id, c.number, c.state, c.source, c.category_code, c.district_code, c.grid_cell_code, c.address, c.description,
                c.urgent, c.supervised, c.reported_at, c.handling_due_at, c.closed_at
           FROM cases c WHERE ${where}
          ORDER BY c.reported_at DESC, c.id DESC`,
        p.values,
        { batchSize: CURSOR_BATCH_ROWS },
      ),
    );
    const started = Date.now();
    const category = (code: string, lang: 'zh' | 'en') => {
      const c = categories.get(code);
      return c ? (lang === 'zh' ? c.nameZh : c.nameEn) : code;
    };
    const columns: ExportColumn<CaseRow>[] = [
      { zh: '案件编号', en: 'Case number', cell: (r) => r.number },
      { zh: '状态', en: 'State', cell: (r, l) => STATE_LABELS[r.state]?.[l] ?? r.state },
      { zh: '来源', en: 'Source', cell: (r, l) => SOURCE_LABELS[r.source]?.[l] ?? r.source },
      { zh: '类别编码', en: 'Category code', cell: (r) => r.category_code },
      { zh: '类别', en: 'Category', cell: (r, l) => category(r.category_code, l) },
      { zh: '片区', en: 'District', cell: (r, l) => DISTRICT_NAMES[r.district_code]?.[l] ?? r.district_code },
      { zh: '网格', en: 'Grid cell', cell: (r) => r.grid_cell_code },
      { zh: '地址', en: 'Address', cell: (r) => r.address },
      { zh: '问题描述', en: 'Description', cell: (r) => r.description },
      { zh: '紧急', en: 'Urgent', cell: (r, l) => yesNo(r.urgent, l) },
      { zh: '督办', en: 'Supervised', cell: (r, l) => yesNo(r.supervised, l) },
      { zh: '上报时间', en: 'Reported at', cell: (r) => when(r.reported_at) },
      { zh: '处置时限', en: 'Handling due', cell: (r) => when(r.handling_due_at) },
      { zh: '结案时间', en: 'Closed at', cell: (r) => when(r.closed_at) },
      { zh: '案件ID', en: 'Case ID', cell: (r) => r.id },
    ];
    return exportFile<CaseRow>({
      format: q.format,
      lang: q.lang,
      baseName: `gridops-cases-${townDateOf(now)}`,
      sheetName: q.lang === 'zh' ? '案件' : 'Cases',
      columns,
      rows: rows as AsyncIterable<CaseRow>,
      rowCount,
      done: async (error) => {
        rows.destroy();
        // a broken connection is thrown away by release(err); a good one goes back to the pool after its transaction
        await client.query('ROLLBACK').catch(() => undefined);
        await runner.release();
        release();
        this.log.log(
          `cases export by ${actor.userId} (${actor.role}): ${rowCount} rows as ${q.format}, filters ${JSON.stringify(filtersOf(q))}` +
            `${error ? `, ended early: ${error.message}` : ''} in ${Date.now() - started} ms`,
        );
      },
    });
  }
}

/** The filters of an export query, for the log line (the file options left out). */
function filtersOf(q: ExportCasesQuery): Record<string, unknown> {
  const { format: _format, lang: _lang, ...filters } = q;
  return filters;
}
