import { EXPORT_ROWS_HEADER, type ExportFormat } from '@gridops/contracts';
import { authorizedFetch, httpErrorOf, type RequestOptions } from '../../api/http';

/** How far a download has come: bytes received, data rows received (CSV only: lines less the header), rows in all. */
export interface ExportProgress {
  bytes: number;
  rows: number | null;
  totalRows: number | null;
}

/** The file name the server gave in Content-Disposition, or `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(disposition ?? '');
  return m?.[1] ?? fallback;
}

/** Line feeds in a chunk: a CSV export's rows (a description with a line break counts twice; the bar is a guide). */
function lineFeeds(chunk: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) n++;
  return n;
}

/**
 * Downloads an export (`/cases/export`, `/stats/analytics/export`) through a stream reader, telling `onProgress`
 * as bytes arrive, and saves it as a file when it is complete. The server streams from a cursor, so a long export
 * starts at once and the bar moves from the first rows.
 */
export async function downloadExport(
  path: string,
  query: RequestOptions['query'] & { format: ExportFormat },
  onProgress: (p: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<string> {
  const res = await authorizedFetch(path, { query, signal, headers: { accept: '*/*' } });
  if (!res.ok || !res.body) throw await httpErrorOf(res);
  const total = res.headers.get(EXPORT_ROWS_HEADER);
  const totalRows = total === null ? null : Number(total);
  const csv = query.format === 'csv';
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const progress: ExportProgress = { bytes: 0, rows: csv ? 0 : null, totalRows };
  let lines = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    progress.bytes += value.byteLength;
    if (csv) {
      lines += lineFeeds(value);
      progress.rows = Math.max(0, lines - 1);
    }
    onProgress({ ...progress });
  }
  const fileName = fileNameOf(res.headers.get('content-disposition'), `gridops-export.${query.format}`);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' }));
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  return fileName;
}
