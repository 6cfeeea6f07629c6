import { Injectable, Logger } from '@nestjs/common';
import type { AnalyticsExportTable, AnalyticsRankRow, AnalyticsStats, ExportAnalyticsQuery, ExportLang, TrendPoint } from '@gridops/contracts';
import { DISTRICT_NAMES, SOURCE_LABELS, type Actor } from '@gridops/domain';
import { AnalyticsService } from '../stats/analytics.service';
import { exportFile, type ExportColumn, type ExportFile } from './export-file';
import { ExportSlots } from './export-slots';

type SourceRow = AnalyticsStats['sources'][number];

/** A rate (0–1) as a percentage with one decimal, empty when there is nothing to measure (the screen's "—"). */
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

const name = (r: AnalyticsRankRow, l: ExportLang) => (l === 'zh' ? r.nameZh : r.nameEn);
const RANK_COLUMNS: ExportColumn<AnalyticsRankRow>[] = [
  { zh: '排名', en: 'Rank', cell: (r) => r.rank },
  { zh: '编码', en: 'Code', cell: (r) => r.code },
  { zh: '名称', en: 'Name', cell: name },
  { zh: '上报', en: 'Reported', cell: (r) => r.reported },
  { zh: '处置', en: 'Handled', cell: (r) => r.handled },
  { zh: '结案', en: 'Closed', cell: (r) => r.closed },
  { zh: '应结案', en: 'Due to close', cell: (r) => r.dueToClose },
  { zh: '按期结案', en: 'Closed on time', cell: (r) => r.closedOnTime },
  { zh: '按期结案率(%)', en: 'On-time rate (%)', cell: (r) => percent(r.onTimeRate) },
  { zh: '结案率(%)', en: 'Closure rate (%)', cell: (r) => percent(r.closureRate) },
  { zh: '超期', en: 'Overdue', cell: (r) => r.overdue },
  { zh: '回退', en: 'Returns', cell: (r) => r.returns },
  { zh: '返工', en: 'Reworks', cell: (r) => r.reworks },
  { zh: '平均处置(分钟)', en: 'Mean handling (min)', cell: (r) => r.meanHandlingMinutes },
  { zh: '得分', en: 'Score', cell: (r) => r.score },
];
const WITH_DISTRICT: ExportColumn<AnalyticsRankRow>[] = [
  ...RANK_COLUMNS.slice(0, 3),
  { zh: '片区', en: 'District', cell: (r, l) => (r.districtCode ? DISTRICT_NAMES[r.districtCode][l] : null) },
  ...RANK_COLUMNS.slice(3),
];
const SOURCE_COLUMNS: ExportColumn<SourceRow>[] = [
  { zh: '来源', en: 'Source', cell: (r, l) => SOURCE_LABELS[r.source]?.[l] ?? r.source },
  { zh: '上报', en: 'Reported', cell: (r) => r.reported },
  { zh: '结案', en: 'Closed', cell: (r) => r.closed },
];
const TREND_COLUMNS: ExportColumn<TrendPoint>[] = [
  { zh: '日期', en: 'Date', cell: (r) => r.date },
  { zh: '上报', en: 'Reported', cell: (r) => r.created },
  { zh: '结案', en: 'Closed', cell: (r) => r.closed },
];

const SHEET_NAMES: Record<AnalyticsExportTable, { zh: string; en: string }> = {
  districts: { zh: '片区排名', en: 'Districts' },
  gridCells: { zh: '网格排名', en: 'Grid cells' },
  workers: { zh: '网格员排名', en: 'Grid workers' },
  units: { zh: '处置单位排名', en: 'Units' },
  categories: { zh: '类别', en: 'Categories' },
  sources: { zh: '来源', en: 'Sources' },
  trend: { zh: '趋势', en: 'Trend' },
};

/** A table of `answer` with its columns (the same rows the analytics screen shows). */
function tableOf(answer: AnalyticsStats, table: AnalyticsExportTable): { columns: ExportColumn<never>[]; rows: unknown[] } {
  switch (table) {
    case 'sources':
      return { columns: SOURCE_COLUMNS, rows: answer.sources };
    case 'trend':
      return { columns: TREND_COLUMNS, rows: answer.trend };
    case 'gridCells':
    case 'workers':
      return { columns: WITH_DISTRICT, rows: answer[table] };
    default:
      return { columns: RANK_COLUMNS, rows: answer[table] };
  }
}

/**
 * 统计表导出: one table of the analytics answer as CSV or XLSX. The rows come from AnalyticsService itself — the
 * code that answers `GET /stats/analytics` — so the file always says what the screen says, for the same caller
 * (role and 片区 scope included) and the same window.
 */
@Injectable()
export class AnalyticsExportService {
  private readonly log = new Logger('exports');

  constructor(
    private readonly analytics: AnalyticsService,
    private readonly slots: ExportSlots,
  ) {}

  async export(q: ExportAnalyticsQuery, actor: Actor, now = new Date()): Promise<ExportFile> {
    const release = this.slots.take();
    let answer: AnalyticsStats;
    try {
      answer = await this.analytics.analytics({ from: q.from, to: q.to, district: q.district }, actor, now);
    } catch (err) {
      release();
      throw err;
    }
    const { columns, rows } = tableOf(answer, q.table);
    return exportFile<never>({
      format: q.format,
      lang: q.lang,
      baseName: `gridops-${q.table}-${q.from}-${q.to}${answer.district ? `-${answer.district}` : ''}`,
      sheetName: SHEET_NAMES[q.table][q.lang],
      columns,
      rows: (async function* () {
        yield* rows as never[];
      })(),
      rowCount: rows.length,
      done: (error) => {
        release();
        this.log.log(`analytics export by ${actor.userId} (${actor.role}): ${q.table} ${q.from}..${q.to} ${answer.district ?? 'town'}, ${rows.length} rows as ${q.format}${error ? `, ended early: ${error.message}` : ''}`);
      },
    });
  }
}
