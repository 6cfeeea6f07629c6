import type { DataSource, EntityManager } from 'typeorm';
import { SYSTEM, type SystemNote } from '@gridops/domain';
import { CaseEntity } from './case.entity';
import type { CaseRefusal } from './case-refusal';
import { openCaseSql } from './case-state-sql';
import type { CaseTransitionService } from './case-transition.service';

/** Tries at writing a note on a case that people (or the pipeline) keep changing under us. */
const NOTE_ATTEMPTS = 5;

/**
 * The one rule of "repeated reports of one sensor merge into its open case", for every channel whose reports come
 * from a registered sensor: IoT devices (物联感知, `devices`, `cases.device_id`) and video cameras (视频AI, `cameras`,
 * `cases.camera_id`). A camera watches a street corner and reports several kinds of problem, so its open case is
 * per category; a device reports one thing.
 *
 * A case carries a sensor id only when that channel's ingest filed it at the sensor (never from a request body), and
 * it is merged into only while its place agrees with the sensor's registry entry — the sensor's source, 片区 and grid
 * cell. A case that disagrees (the sensor has been moved since, or an old row carries its id) is never merged into:
 * the next report becomes a case of its own at the sensor.
 */
export type SensorKind = 'device' | 'camera';

interface SensorRule {
  source: 'iot' | 'video_ai';
  /** the cases column naming the sensor */
  column: 'device_id' | 'camera_id';
  property: 'deviceId' | 'cameraId';
  /** the registry table */
  registry: 'devices' | 'cameras';
  /** repeats merge per category too (a camera reports several kinds of problem) */
  perCategory: boolean;
}

const RULES: Record<SensorKind, SensorRule> = {
  device: { source: 'iot', column: 'device_id', property: 'deviceId', registry: 'devices', perCategory: false },
  camera: { source: 'video_ai', column: 'camera_id', property: 'cameraId', registry: 'cameras', perCategory: true },
};

/** What of a registry entry a case must agree with; `categoryCode` for cameras (their repeats merge per category). */
export interface SensorPlace {
  kind: SensorKind;
  id: string;
  districtCode: string;
  gridCellCode: string;
  categoryCode?: string;
}

/** SQL: the case `alias` is a sensor's case whose place agrees with that sensor's registry entry. */
export function agreesWithSensor(kind: SensorKind, alias: string): string {
  const r = RULES[kind];
  return `${alias}.source = '${r.source}' AND EXISTS (SELECT 1 FROM ${r.registry} s WHERE s.id = ${alias}.${r.column}
            AND s.district_code = ${alias}.district_code AND s.grid_cell_code = ${alias}.grid_cell_code)`;
}

/**
 * The open case a sensor's reports merge into: its oldest case that is neither closed nor void and agrees with the
 * sensor's registry entry (and, for a camera, is of the same category). A channel's ingest asks before it files a new
 * case, and the intake job asks again for a case that raced past that check, so both merge into the same case.
 */
export function findOpenCaseOfSensor(
  db: DataSource | EntityManager,
  sensor: SensorPlace,
  opts: { excludeCaseId?: string; olderThan?: { reportedAt: Date; id: string } } = {},
): Promise<CaseEntity | null> {
  const r = RULES[sensor.kind];
  const qb = db
    .getRepository(CaseEntity)
    .createQueryBuilder('o')
    .where(`o.${r.column} = :sensor`, { sensor: sensor.id })
    .andWhere(openCaseSql('o'))
    .andWhere(`o.source = :source AND o.district_code = :district AND o.grid_cell_code = :cell`, {
      source: r.source,
      district: sensor.districtCode,
      cell: sensor.gridCellCode,
    });
  if (r.perCategory) qb.andWhere('o.category_code = :category', { category: sensor.categoryCode ?? '' });
  if (opts.excludeCaseId) qb.andWhere('o.id <> :id', { id: opts.excludeCaseId });
  // strictly older in (reported_at, id) order: two racers reported at the same instant must not each merge into the
  // other (both would end VOID); the younger merges into the older, the older stays
  if (opts.olderThan) {
    qb.andWhere('(o.reported_at < :at OR (o.reported_at = :at AND o.id < :olderId))', { at: opts.olderThan.reportedAt, olderId: opts.olderThan.id });
  }
  return qb.orderBy('o.reported_at', 'ASC').addOrderBy('o.id', 'ASC').getOne();
}

/** The sensor a case was filed at, if any: its kind and id. */
export function sensorOfCase(c: Pick<CaseEntity, 'source' | 'deviceId' | 'cameraId'>): { kind: SensorKind; id: string } | null {
  for (const kind of Object.keys(RULES) as SensorKind[]) {
    const r = RULES[kind];
    const id = c[r.property];
    if (c.source === r.source && id) return { kind, id };
  }
  return null;
}

/**
 * For the intake job: the older open case a new sensor case merges into — only when the new case itself agrees with
 * the sensor's registry entry, and the older one too. Anything else is left for people to judge.
 */
export async function openCaseToMergeInto(db: DataSource | EntityManager, c: CaseEntity): Promise<CaseEntity | null> {
  const sensor = sensorOfCase(c);
  if (!sensor) return null;
  const r = RULES[sensor.kind];
  const [place] = (await db.query(`SELECT district_code AS "districtCode", grid_cell_code AS "gridCellCode" FROM ${r.registry} WHERE id = $1`, [sensor.id])) as {
    districtCode: string;
    gridCellCode: string;
  }[];
  if (!place || place.districtCode !== c.districtCode || place.gridCellCode !== c.gridCellCode) return null;
  return findOpenCaseOfSensor(db, { kind: sensor.kind, id: sensor.id, ...place, categoryCode: c.categoryCode }, { excludeCaseId: c.id, olderThan: { reportedAt: c.reportedAt, id: c.id } });
}

/**
 * A repeat's system note on the sensor's open case, through the one transition function (`comment`, actor system):
 * when someone changed the case meanwhile, read it again and retry. Answers a refusal, or null once written.
 */
export async function noteOnSensorCase(
  ds: DataSource,
  transitions: CaseTransitionService,
  c: CaseEntity,
  systemNote: SystemNote,
  name: string,
): Promise<CaseRefusal | null> {
  let current = c;
  for (let attempt = 1; ; attempt++) {
    const result = await transitions.apply(current.id, 'comment', { actor: SYSTEM, name }, { version: current.version, systemNote }, { loaded: current });
    if (result.ok) return null;
    if (result.code !== 'STALE_VERSION' || attempt >= NOTE_ATTEMPTS) return result;
    const fresh = await ds.getRepository(CaseEntity).findOneBy({ id: c.id });
    if (!fresh) return result;
    current = fresh;
  }
}
