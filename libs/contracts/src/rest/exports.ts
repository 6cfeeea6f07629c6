import { z } from 'zod';
import { caseListChecks, caseListQueryShape } from './cases';
import { analyticsWindowShape, withAnalyticsWindowChecks } from './analytics';

/**
 * Exports (导出): a filtered case list or an analytics table as CSV (UTF-8 with a BOM, for Excel on a Chinese
 * Windows) or XLSX, streamed — docs/api.md "Exports". Every cell goes through spreadsheetCell (formula injection).
 */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The language of the headers and labels in the file (the console passes its own). */
export const EXPORT_LANGS = ['zh', 'en'] as const;
export type ExportLang = (typeof EXPORT_LANGS)[number];

const fileOptions = {
  format: z.enum(EXPORT_FORMATS).default('csv'),
  lang: z.enum(EXPORT_LANGS).default('zh'),
};

/** `GET /api/v1/cases/export`: the case list's filters (the same schema as `GET /cases`, without the page). */
export const exportCasesQuerySchema = caseListQueryShape.omit({ cursor: true, limit: true }).extend(fileOptions).superRefine(caseListChecks);
export type ExportCasesQuery = z.output<typeof exportCasesQuerySchema>;

/** The tables of the analytics answer that export: the five rankings, the source mix and the daily trend. */
export const ANALYTICS_EXPORT_TABLES = ['districts', 'gridCells', 'workers', 'units', 'categories', 'sources', 'trend'] as const;
export type AnalyticsExportTable = (typeof ANALYTICS_EXPORT_TABLES)[number];

/** `GET /api/v1/stats/analytics/export`: the analytics query and which of its tables. */
export const exportAnalyticsQuerySchema = withAnalyticsWindowChecks(
  z.strictObject({ ...analyticsWindowShape, table: z.enum(ANALYTICS_EXPORT_TABLES), ...fileOptions }),
);
export type ExportAnalyticsQuery = z.output<typeof exportAnalyticsQuerySchema>;

/** The response header that carries how many data rows the file will hold, for a progress bar. */
export const EXPORT_ROWS_HEADER = 'x-export-rows';
