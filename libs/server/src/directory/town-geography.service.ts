import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { findContaining, type LatLng } from '@gridops/domain';
import { DistrictEntity } from './district.entity';
import { GridCellEntity } from './grid-cell.entity';
import { PgListener } from '../platform/database/pg-listener.service';

export interface Located {
  district: DistrictEntity;
  cell: GridCellEntity;
}

/** NOTIFYed in the transaction that applies a new map: every process drops its copy of the outlines at commit. */
export const GEOGRAPHY_CHANNEL = 'gridops_geography';

/** While the LISTEN connection is away, the current version is compared at most this often. */
const VERSION_CHECK_MS = 1000;

/** The current map's version: the newest applied import, 0 for the schematic seed. */
export const CURRENT_GEOGRAPHY_VERSION_SQL = `SELECT coalesce(max(id), 0)::int AS version FROM geography_versions`;

interface Snapshot {
  version: number;
  districts: DistrictEntity[];
  /** the current map's cells */
  cells: GridCellEntity[];
  /** with the retired ones, which cases placed before keep */
  allCells: GridCellEntity[];
}

/**
 * Which 片区 and grid cell a point lies in. The outlines change rarely (an admin applies a new map,
 * docs/geography.md), so they are held in memory; intake must not query polygons per report. Every process drops
 * its copy when the apply commits (a NOTIFY on GEOGRAPHY_CHANNEL, heard by PgListener's one connection); while that
 * connection is away it compares the current version at most once a second instead.
 */
@Injectable()
export class TownGeographyService implements OnModuleInit {
  private readonly logger = new Logger('geography');
  private cache: Promise<Snapshot> | null = null;
  private hearing = false;
  private checkedAt = 0;
  /** how many times this process read the outlines (a new map shows here: tests and logs) */
  loads = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly listener: PgListener,
  ) {}

  onModuleInit(): void {
    this.listener.subscribe(GEOGRAPHY_CHANNEL, {
      notified: (payload) => {
        this.logger.log(`geography version ${payload} applied: reloading the map`);
        this.reload();
      },
      // a new map may have been applied while not hearing: start from the tables again
      hearing: (listening) => {
        this.hearing = listening;
        this.reload();
      },
    });
  }

  private async load(): Promise<Snapshot> {
    if (this.cache && !this.hearing && Date.now() - this.checkedAt >= VERSION_CHECK_MS) {
      this.checkedAt = Date.now();
      const held = this.cache;
      const [current, snapshot] = await Promise.all([this.currentVersion(this.ds.manager), held.catch(() => null)]);
      if (this.cache === held && snapshot?.version !== current) this.cache = null;
    }
    if (!this.cache) {
      const read = this.read();
      this.cache = read;
      read.catch(() => {
        if (this.cache === read) this.cache = null;
      });
    }
    return this.cache;
  }

  private async read(): Promise<Snapshot> {
    this.loads++;
    this.checkedAt = Date.now();
    // one snapshot of the version and the rows: an apply landing in between is either wholly in it or not
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      const version = await this.currentVersion(m);
      const [districts, allCells] = await Promise.all([
        m.getRepository(DistrictEntity).find({ order: { code: 'ASC' } }),
        m.getRepository(GridCellEntity).find({ order: { code: 'ASC' } }),
      ]);
      return { version, districts, allCells, cells: allCells.filter((c) => c.retiredVersion === null) };
    });
  }

  async currentVersion(m: EntityManager = this.ds.manager): Promise<number> {
    const [row] = (await m.query(CURRENT_GEOGRAPHY_VERSION_SQL)) as { version: number }[];
    return Number(row.version);
  }

  reload(): void {
    this.cache = null;
  }

  /** The version of the map this process holds now (0 = the schematic seed). */
  async version(): Promise<number> {
    return (await this.load()).version;
  }

  async districts(): Promise<DistrictEntity[]> {
    return (await this.load()).districts;
  }

  /** The current map's cells. */
  async cells(): Promise<GridCellEntity[]> {
    return (await this.load()).cells;
  }

  /** Every cell ever on the map, the retired ones too (for names and sums of what was placed in them). */
  async allCells(): Promise<GridCellEntity[]> {
    return (await this.load()).allCells;
  }

  /** The cell decides: districts are the union of their cells, so a point in a cell is in that cell's district. */
  async locate(point: LatLng): Promise<Located | null> {
    const { districts, cells } = await this.load();
    const cell = findContaining(point, cells);
    if (!cell) return null;
    const district = districts.find((d) => d.code === cell.districtCode);
    return district ? { district, cell } : null;
  }
}
