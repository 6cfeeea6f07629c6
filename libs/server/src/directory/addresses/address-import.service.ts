import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { ADDRESS_CSV_COLUMNS, ADDRESS_KIND_NAMES, type AddressImportResult, type AddressImportRowResult } from '@gridops/contracts';
import { ADDRESS_KINDS, type AddressKind } from '@gridops/domain';
import { ApiError } from '../../platform/errors/api-error';
import { TownGeographyService } from '../town-geography.service';
import { addressColumns, insertValues, type AddressColumns } from './address-row';

/** Rows one import takes; a town's library is a few thousand entries, a district's far fewer. */
export const ADDRESS_IMPORT_MAX_ROWS = 20_000;
const CHUNK = 1000;

type Field = keyof typeof ADDRESS_CSV_COLUMNS;

interface Existing {
  id: string;
  normalized_text: string;
  kind: string;
  road: string | null;
  number: string | null;
  name: string | null;
  aliases: string[];
  lat: number;
  lng: number;
  schematic: boolean;
}

const fileError = (status: number, code: string, zh: string, en: string, details?: unknown) => new ApiError(status, code, `${zh} / ${en}`, details);

/**
 * The town's real library from CSV (admins): every row checked and reported (`dryRun` writes nothing), then applied
 * in one transaction keyed by the natural key — the normalised standard form — so importing the same file again
 * changes nothing (`unchanged`), a changed row updates its entry (`updated`), a new one is `created`. Imported
 * entries are surveyed: `schematic = false`, `source = 'import'`. Entries the file does not name are left alone.
 */
@Injectable()
export class AddressImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly geography: TownGeographyService,
  ) {}

  async run(data: Buffer, dryRun: boolean): Promise<AddressImportResult> {
    const { headers, rows } = readCsv(data);
    const at = columnsOf(headers);
    const cells = await this.geography.cells();
    const results: AddressImportRowResult[] = [];
    const good: { result: AddressImportRowResult; row: AddressColumns }[] = [];
    const firstRowOf = new Map<string, number>();
    for (const r of rows) {
      const cell = (f: Field) => (at[f] === undefined ? '' : (r.cells[at[f] as number] ?? '').replace(/\u3000/g, ' ').trim());
      const result: AddressImportRowResult = { row: r.row, status: 'refused', standardText: null, id: null, gridCellCode: null, errors: [] };
      results.push(result);
      const kind = kindOf(cell('kind'));
      const lng = Number(cell('lng'));
      const lat = Number(cell('lat'));
      if (!kind) result.errors.push(`类型「${cell('kind').slice(0, 20)}」无法识别 / unknown kind (use ${ADDRESS_KINDS.join(', ')} or 道路、门牌、弄、小区、地标)`);
      if (!cell('lng') || !cell('lat') || !Number.isFinite(lng) || !Number.isFinite(lat)) result.errors.push('缺少或无法识别经纬度 / longitude and latitude are missing or not numbers');
      if (!kind || result.errors.length) continue;
      const aliases = cell('aliases')
        .split(/[;；|｜]/)
        .map((a) => a.trim())
        .filter(Boolean);
      if (aliases.length > 20 || aliases.some((a) => a.length > 100) || cell('name').length > 100 || cell('road').length > 50) {
        result.errors.push('名称、道路或别名过长（别名最多 20 个，每个 100 字）/ a name, road or alias is too long (at most 20 aliases of 100 characters)');
        continue;
      }
      const made = addressColumns({ kind, road: cell('road'), number: cell('number'), name: cell('name'), aliases, location: { lat, lng } }, cells);
      if ('problems' in made) {
        result.errors.push(...made.problems);
        continue;
      }
      result.standardText = made.row.standardText;
      result.gridCellCode = made.row.gridCellCode;
      const first = firstRowOf.get(made.row.normalizedText);
      if (first !== undefined) {
        result.errors.push(`与第 ${first} 行是同一地址 / the same address as row ${first}`);
        continue;
      }
      firstRowOf.set(made.row.normalizedText, r.row);
      good.push({ result, row: made.row });
    }

    const apply = async (m: DataSource['manager']) => {
      for (let i = 0; i < good.length; i += CHUNK) {
        const chunk = good.slice(i, i + CHUNK);
        const existing = new Map(
          ((await m.query(`SELECT id, normalized_text, kind, road, number, name, aliases, lat, lng, schematic FROM addresses WHERE normalized_text = ANY($1)`, [
            chunk.map((g) => g.row.normalizedText),
          ])) as Existing[]).map((e) => [e.normalized_text, e]),
        );
        for (const g of chunk) {
          const e = existing.get(g.row.normalizedText);
          g.result.id = e?.id ?? null;
          g.result.status = !e ? 'created' : same(e, g.row) ? 'unchanged' : 'updated';
          if (dryRun || g.result.status === 'unchanged') continue;
          const [written] = (await m.query(
            `INSERT INTO addresses (kind, road, number, name, standard_text, normalized_text, aliases, search_key, lat, lng, district_code, grid_cell_code, schematic, source)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,false,'import')
             ON CONFLICT (normalized_text) DO UPDATE SET kind = EXCLUDED.kind, road = EXCLUDED.road, number = EXCLUDED.number, name = EXCLUDED.name,
               standard_text = EXCLUDED.standard_text, aliases = EXCLUDED.aliases, search_key = EXCLUDED.search_key, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
               district_code = EXCLUDED.district_code, grid_cell_code = EXCLUDED.grid_cell_code, schematic = false, source = 'import', updated_at = now()
             RETURNING id`,
            insertValues(g.row),
          )) as { id: string }[];
          g.result.id = written.id;
        }
      }
    };
    if (dryRun) await apply(this.ds.manager);
    else await this.ds.transaction(apply);

    const counts = { total: results.length, created: 0, updated: 0, unchanged: 0, refused: 0 };
    for (const r of results) counts[r.status] += 1;
    return { dryRun, counts, rows: results };
  }
}

function same(e: Existing, r: AddressColumns): boolean {
  return (
    !e.schematic &&
    e.kind === r.kind &&
    e.road === r.road &&
    e.number === r.number &&
    e.name === r.name &&
    e.lat === r.lat &&
    e.lng === r.lng &&
    e.aliases.length === r.aliases.length &&
    e.aliases.every((a, i) => a === r.aliases[i])
  );
}

function kindOf(v: string): AddressKind | null {
  const s = v.trim().toLowerCase();
  if ((ADDRESS_KINDS as readonly string[]).includes(s)) return s as AddressKind;
  const byName = ADDRESS_KINDS.find((k) => ADDRESS_KIND_NAMES[k].zh === v.trim());
  if (byName) return byName;
  if (v.trim() === '门牌号' || v.trim() === '号') return 'house';
  if (v.trim() === '弄堂' || v.trim() === '里弄') return 'lane';
  if (v.trim() === '路' || v.trim() === '街道') return 'road';
  return null;
}

function columnsOf(headers: string[]): Partial<Record<Field, number>> {
  const at: Partial<Record<Field, number>> = {};
  for (const f of Object.keys(ADDRESS_CSV_COLUMNS) as Field[]) {
    const i = headers.findIndex((h) => (ADDRESS_CSV_COLUMNS[f] as readonly string[]).some((name) => name.toLowerCase() === h.toLowerCase()));
    if (i >= 0) at[f] = i;
  }
  const missing = (['kind', 'lng', 'lat'] as const).filter((f) => at[f] === undefined);
  if (missing.length || (at.road === undefined && at.name === undefined)) {
    const names = [...missing, ...(at.road === undefined && at.name === undefined ? (['road'] as const) : [])].map((f) => ADDRESS_CSV_COLUMNS[f].join('/'));
    throw fileError(422, 'MISSING_COLUMNS', `文件缺少列：${names.join('、')}`, `the file lacks the columns ${names.join(', ')}`, { missing: names, headers: headers.slice(0, 50) });
  }
  return at;
}

function readCsv(data: Buffer): { headers: string[]; rows: { row: number; cells: string[] }[] } {
  if (data.length === 0) throw fileError(400, 'EMPTY_FILE', '文件为空', 'the file is empty');
  if (data.includes(0)) throw fileError(415, 'NOT_CSV', '文件不是 CSV 文本', 'the file is not CSV text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    text = new TextDecoder('gb18030').decode(data); // Excel on Chinese Windows
  }
  let records: string[][];
  try {
    const firstLine = text.slice(0, text.search(/\r?\n|$/));
    const delimiter = [',', '\t', ';'].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');
    records = parse(text, { bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    throw fileError(422, 'CSV_UNREADABLE', `CSV 格式错误：${(err as Error).message.slice(0, 200)}`, `the CSV cannot be read: ${(err as Error).message.slice(0, 200)}`);
  }
  const numbered = records.map((cells, i) => ({ row: i + 1, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [first, ...body] = numbered;
  const header = first?.cells;
  if (!header) throw fileError(422, 'NO_HEADER', '文件没有表头行', 'the file has no header row');
  if (body.length > ADDRESS_IMPORT_MAX_ROWS) {
    throw fileError(413, 'TOO_MANY_ROWS', `文件有 ${body.length} 行，单次导入上限 ${ADDRESS_IMPORT_MAX_ROWS} 行`, `the file holds ${body.length} rows; one import takes at most ${ADDRESS_IMPORT_MAX_ROWS}`);
  }
  return {
    headers: header.map((h) => h.replace(/^\ufeff/, '').replace(/[\s\u3000]+/g, ' ').trim()),
    rows: body,
  };
}
