import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  GeographyApplyResult,
  GeographyCellView,
  GeographyDistrictView,
  GeographyDryRunReport,
  GeographyIssueView,
  GeographyRetiredCellView,
  GeographyUploadFields,
  GeographyVersionView,
  GeographyVersionsView,
} from '@gridops/contracts';
import { DISTRICT_CODES, GeographyFileRefusal, checkGeographyFile, findContaining, type GeographyArea, type GeographyFileCheck } from '@gridops/domain';
import { DistrictEntity } from '../directory/district.entity';
import { GeographyVersionEntity } from '../directory/geography-version.entity';
import { GridCellEntity } from '../directory/grid-cell.entity';
import { CURRENT_GEOGRAPHY_VERSION_SQL, GEOGRAPHY_CHANNEL, TownGeographyService } from '../directory/town-geography.service';
import { CLOSED_STATES_SQL } from '../cases/case-state-sql';
import { ApiError, badRequest, conflict, unprocessable } from '../platform/errors/api-error';

/** Serialises applies (pg_advisory_xact_lock key): two admins applying at once get one map after the other. */
const GEOGRAPHY_APPLY_LOCK = 0x67656f67; // 'geog'

export interface GeographyUpload {
  data: Buffer;
  fileName: string | null;
}

export interface GeographyApplier {
  userId: string | null;
  name: string;
}

interface Checked {
  report: GeographyDryRunReport;
  file: GeographyFileCheck;
}

/**
 * The town's real geography, imported (docs/geography.md). A dry run reads a GeoJSON file of 片区 and 网格 outlines
 * and reports what is wrong with it (the domain's checkGeographyFile) and what applying it would change (cells
 * added, redrawn, retired — with the cases, devices and duty roster that use them). Applying it is one transaction:
 * a geography_versions row, the districts and cells redrawn, the cells the file no longer holds retired (cases keep
 * them), devices re-placed; a NOTIFY on GEOGRAPHY_CHANNEL makes every api and worker drop its copy at commit.
 */
@Injectable()
export class GeographyImportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly geography: TownGeographyService,
  ) {}

  async dryRun(upload: GeographyUpload, fields: GeographyUploadFields): Promise<GeographyDryRunReport> {
    return (await this.check(this.ds.manager, upload, fields)).report;
  }

  async apply(upload: GeographyUpload, fields: GeographyUploadFields, by: GeographyApplier, now = new Date()): Promise<GeographyApplyResult> {
    if (!fields.checksum) throw badRequest('checksum is required: apply the file a dry run checked, with the checksum it answered', [{ path: 'checksum', message: 'required' }]);
    const result = await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [GEOGRAPHY_APPLY_LOCK]);
      const { report, file } = await this.check(m, upload, fields);
      if (report.checksum !== fields.checksum) {
        throw conflict('the file, its options or the current map are not what the dry run checked (another map may have been applied since): run the dry run again', {
          expected: report.checksum,
        });
      }
      if (!report.canApply) throw unprocessable('GEOGRAPHY_INVALID', `the file has ${report.counts.errors} error(s): see the dry run`, { issues: report.issues.filter((i) => i.severity === 'error').slice(0, 50) });

      const features = {
        type: 'FeatureCollection',
        features: [...file.districts, ...file.cells].map((a) => ({
          type: 'Feature',
          properties: { kind: a.kind, code: a.code, ...(a.kind === 'cell' ? { district: a.districtCode } : {}), name_zh: a.nameZh, name_en: a.nameEn },
          geometry: a.geometry,
        })),
      };
      const [{ id }] = (await m.query(
        `INSERT INTO geography_versions (applied_at, applied_by, applied_by_name, source_name, checksum, coordinate_system, summary, features)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [now, by.userId, by.name.slice(0, 100), report.sourceName, report.checksum, report.coordinateSystem, JSON.stringify(report.counts), JSON.stringify(features)],
      )) as { id: number }[];

      for (const d of file.districts) {
        await m.query(`UPDATE districts SET name_zh = $2, name_en = $3, geometry = $4, geography_version = $5 WHERE code = $1`, [d.code, d.nameZh, d.nameEn, JSON.stringify(d.geometry), id]);
      }
      for (const c of file.cells) {
        await m.query(
          `INSERT INTO grid_cells (code, district_code, name_zh, name_en, geometry, geography_version, retired_version) VALUES ($1, $2, $3, $4, $5, $6, NULL)
           ON CONFLICT (code) DO UPDATE SET district_code = EXCLUDED.district_code, name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
             geometry = EXCLUDED.geometry, geography_version = EXCLUDED.geography_version, retired_version = NULL`,
          [c.code, c.districtCode, c.nameZh, c.nameEn, JSON.stringify(c.geometry), id],
        );
      }
      await m.query(`UPDATE grid_cells SET retired_version = $1 WHERE retired_version IS NULL AND NOT (code = ANY($2::varchar[]))`, [id, file.cells.map((c) => c.code)]);
      await this.replaceDevices(m, file.cells);
      // delivered at commit, to every api and worker (each drops its copy of the map)
      await m.query(`SELECT pg_notify($1, $2)`, [GEOGRAPHY_CHANNEL, String(id)]);
      const version = (await m.getRepository(GeographyVersionEntity).findOneByOrFail({ id })) as GeographyVersionEntity;
      return { version: versionView(version), report };
    });
    this.geography.reload();
    return result;
  }

  async versions(): Promise<GeographyVersionsView> {
    const rows = await this.ds.getRepository(GeographyVersionEntity).find({
      select: { id: true, appliedAt: true, appliedByName: true, sourceName: true, checksum: true, coordinateSystem: true, summary: true },
      order: { id: 'DESC' },
      take: 200,
    });
    return { current: rows[0]?.id ?? null, versions: rows.map(versionView) };
  }

  /** Devices whose point lies in another cell of the new map move there (their cell is computed, never typed). */
  private async replaceDevices(m: EntityManager, cells: GeographyArea[]): Promise<void> {
    const devices = (await m.query(`SELECT id, lat, lng, grid_cell_code, district_code FROM devices`)) as { id: string; lat: number; lng: number; grid_cell_code: string; district_code: string }[];
    for (const d of devices) {
      const cell = findContaining({ lat: Number(d.lat), lng: Number(d.lng) }, cells);
      if (cell && (cell.code !== d.grid_cell_code || cell.districtCode !== d.district_code)) {
        await m.query(`UPDATE devices SET grid_cell_code = $2, district_code = $3 WHERE id = $1`, [d.id, cell.code, cell.districtCode]);
      }
    }
  }

  private async check(m: EntityManager, upload: GeographyUpload, fields: GeographyUploadFields): Promise<Checked> {
    const value = parseJson(upload.data);
    let file: GeographyFileCheck;
    try {
      file = checkGeographyFile(value, { coordinateSystem: fields.coordinateSystem, toleranceM2: fields.toleranceM2, districtCodes: DISTRICT_CODES });
    } catch (err) {
      if (err instanceof GeographyFileRefusal) throw badRequest(err.message);
      throw err;
    }
    const [{ version }] = (await m.query(CURRENT_GEOGRAPHY_VERSION_SQL)) as { version: number }[];
    const [districtRows, cellRows] = await Promise.all([m.getRepository(DistrictEntity).find(), m.getRepository(GridCellEntity).find()]);
    const currentDistricts = new Map<string, DistrictEntity>(districtRows.map((d) => [d.code, d]));
    const currentCells = new Map(cellRows.filter((c) => c.retiredVersion === null).map((c) => [c.code, c]));
    const issues: GeographyIssueView[] = [...file.issues];

    const districts: GeographyDistrictView[] = file.districts.map((d) => {
      const was = currentDistricts.get(d.code);
      const same = was && was.nameZh === d.nameZh && was.nameEn === d.nameEn && sameGeometry(was.geometry, d.geometry);
      return { code: d.code, nameZh: d.nameZh, nameEn: d.nameEn, areaM2: d.areaM2, cells: file.cells.filter((c) => c.districtCode === d.code).length, change: same ? 'unchanged' : 'redrawn' };
    });
    const cells: GeographyCellView[] = file.cells.map((c) => {
      const was = currentCells.get(c.code);
      const change = !was ? 'added' : was.districtCode === c.districtCode && was.nameZh === c.nameZh && was.nameEn === c.nameEn && sameGeometry(was.geometry, c.geometry) ? 'unchanged' : 'redrawn';
      return { code: c.code, districtCode: c.districtCode, nameZh: c.nameZh, nameEn: c.nameEn, areaM2: c.areaM2, change };
    });

    // cells of the current map the file no longer holds, and what uses them
    // a cell the file holds but whose feature was refused is not retired: the file cannot be applied anyway
    const newCodes = new Set([...file.cells.map((c) => c.code), ...file.issues.filter((i) => i.severity === 'error' && i.featureCode).map((i) => i.featureCode!)]);
    const retiring = [...currentCells.values()].filter((c) => !newCodes.has(c.code));
    const usage = await this.usage(m, [...retiring.map((c) => c.code), ...file.cells.filter((c) => currentCells.get(c.code)?.districtCode !== c.districtCode).map((c) => c.code)]);
    const retiredCells: GeographyRetiredCellView[] = retiring.map((c) => ({ code: c.code, districtCode: c.districtCode, nameZh: c.nameZh, ...(usage.get(c.code) ?? NO_USE) }));
    for (const r of retiredCells) {
      const at = { featureCode: r.code };
      if (r.cases > 0) {
        issues.push({ severity: 'warning', code: 'CELL_RETIRED_IN_USE', message: `cell ${r.code} (${r.nameZh}) is not on the new map; ${r.cases} case(s) placed in it (${r.openCases} open) keep it, new reports go to the new cells`, ...at });
      }
      if (r.rosterEntries > 0) {
        issues.push({ severity: 'warning', code: 'ROSTER_ON_RETIRED_CELL', message: `${r.rosterEntries} duty roster entr${r.rosterEntries === 1 ? 'y' : 'ies'} from now on are for cell ${r.code}, which the new map retires: put those workers on the new cells`, ...at });
      }
      if (r.devices > 0) {
        issues.push({ severity: 'warning', code: 'DEVICES_REPLACED', message: `${r.devices} device(s) placed in cell ${r.code} are placed again by their point in the new map`, ...at });
      }
    }
    for (const c of file.cells) {
      const was = currentCells.get(c.code);
      const used = usage.get(c.code);
      if (was && was.districtCode !== c.districtCode && used && used.cases > 0) {
        issues.push({ severity: 'warning', code: 'CELL_CHANGES_DISTRICT', message: `cell ${c.code} moves from 片区 ${was.districtCode} to ${c.districtCode}; its ${used.cases} case(s) keep the 片区 they were placed in`, featureCode: c.code });
      }
    }

    const errors = issues.filter((i) => i.severity === 'error').length;
    const report: GeographyDryRunReport = {
      checksum: checksumOf(upload.data, fields, Number(version)),
      sourceName: (upload.fileName ?? 'geography.geojson').slice(0, 200),
      coordinateSystem: fields.coordinateSystem,
      toleranceM2: fields.toleranceM2,
      baseVersion: Number(version) || null,
      canApply: errors === 0,
      counts: {
        districts: districts.length,
        cells: cells.length,
        added: cells.filter((c) => c.change === 'added').length,
        redrawn: cells.filter((c) => c.change === 'redrawn').length,
        retired: retiredCells.length,
        errors,
        warnings: issues.length - errors,
      },
      districts,
      cells,
      retiredCells,
      issues,
    };
    return { report, file };
  }

  /** Per cell code: the cases placed in it (open ones), devices in it, duty roster entries from now on. */
  private async usage(m: EntityManager, codes: string[]): Promise<Map<string, typeof NO_USE>> {
    if (codes.length === 0) return new Map();
    const rows = (await m.query(
      `SELECT code,
              (SELECT count(*) FROM cases c WHERE c.grid_cell_code = code)::int AS cases,
              (SELECT count(*) FROM cases c WHERE c.grid_cell_code = code AND c.state NOT IN ${CLOSED_STATES_SQL})::int AS open_cases,
              (SELECT count(*) FROM devices d WHERE d.grid_cell_code = code)::int AS devices,
              (SELECT count(*) FROM duty_roster r WHERE r.grid_cell_code = code AND r.ends_at > now())::int AS roster
         FROM unnest($1::varchar[]) AS code`,
      [codes],
    )) as { code: string; cases: number; open_cases: number; devices: number; roster: number }[];
    return new Map(rows.map((r) => [r.code, { cases: r.cases, openCases: r.open_cases, devices: r.devices, rosterEntries: r.roster }]));
  }
}

const NO_USE = { cases: 0, openCases: 0, devices: 0, rosterEntries: 0 };

/** SHA-256 of the options, the map it was checked against and the file's bytes: an apply must match it exactly. */
function checksumOf(data: Buffer, fields: GeographyUploadFields, baseVersion: number): string {
  return createHash('sha256').update(`gridops-geography\n${baseVersion}\n${fields.coordinateSystem}\n${fields.toleranceM2}\n`).update(data).digest('hex');
}

function parseJson(data: Buffer): unknown {
  let text = data.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\uFFFD')) throw badRequest('the file is not UTF-8 text: upload GeoJSON (a .geojson or .json file)');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(400, 'VALIDATION_FAILED', `the file is not GeoJSON (it does not parse as JSON: ${(err as Error).message.slice(0, 120)})`);
  }
}

function sameGeometry(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function versionView(v: GeographyVersionEntity): GeographyVersionView {
  return {
    id: v.id,
    appliedAt: v.appliedAt.toISOString(),
    appliedByName: v.appliedByName,
    sourceName: v.sourceName,
    checksum: v.checksum,
    coordinateSystem: v.coordinateSystem,
    summary: v.summary as GeographyVersionView['summary'],
  };
}
