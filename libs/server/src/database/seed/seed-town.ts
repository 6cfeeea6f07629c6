import type { DataSource } from 'typeorm';
import { TOWN_UTC_OFFSET_MINUTES } from '@gridops/domain';
import { ADDRESS_SEEDS, CALENDAR_SEED, CATEGORY_SEEDS, TOWN_GEOGRAPHY, UNIT_SEEDS } from '../seed-data';
import { addressColumns, insertValues } from '../../directory/addresses/address-row';
import { seedHotlineMapping } from '../../hotline/default-mapping';

/**
 * The town itself: 片区, grid cells, units, categories, calendar, the schematic address library. Idempotent — safe on
 * every start. Categories and calendar days are inserted only when missing, so an admin's edits survive restarts; the
 * schematic 片区 and cells only while no real map has been imported.
 */
export async function seedTown(ds: DataSource): Promise<void> {
  await ds.transaction(async (m) => {
    // the schematic map is drawn only until an admin applies the town's real one (docs/geography.md): a restart must
    // never put it back over an imported map
    const [{ imported }] = (await m.query(`SELECT EXISTS (SELECT 1 FROM geography_versions) AS imported`)) as { imported: boolean }[];
    for (const d of imported ? [] : TOWN_GEOGRAPHY.districts) {
      await m.query(
        `INSERT INTO districts (code, name_zh, name_en, geometry) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, geometry = EXCLUDED.geometry`,
        [d.code, d.nameZh, d.nameEn, JSON.stringify(d.geometry)],
      );
    }
    for (const g of imported ? [] : TOWN_GEOGRAPHY.gridCells) {
      await m.query(
        `INSERT INTO grid_cells (code, district_code, name_zh, name_en, geometry) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET district_code = EXCLUDED.district_code, name_zh = EXCLUDED.name_zh,
           name_en = EXCLUDED.name_en, geometry = EXCLUDED.geometry`,
        [g.code, g.districtCode, g.nameZh, g.nameEn, JSON.stringify(g.geometry)],
      );
    }
    for (const u of UNIT_SEEDS) {
      await m.query(`INSERT INTO units (code, name_zh, name_en, phone) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`, [
        u.code,
        u.nameZh,
        u.nameEn,
        u.phone ?? null,
      ]);
    }
    for (const c of CATEGORY_SEEDS) {
      await m.query(
        `INSERT INTO categories (code, standard_code, kind, name_zh, name_en, priority, limit_amount, limit_unit,
           response_limit_amount, response_limit_unit, self_disposable, default_unit_code, needs_unit,
           after_photo_required, auto_file_from_patrol, auto_close)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) ON CONFLICT (code) DO NOTHING`,
        [
          c.code,
          c.standardCode,
          c.kind,
          c.nameZh,
          c.nameEn,
          c.priority,
          c.handlingLimit.amount,
          c.handlingLimit.unit,
          c.responseLimit?.amount ?? null,
          c.responseLimit?.unit ?? null,
          c.selfDisposable,
          c.defaultUnitCode,
          c.needsUnit,
          c.afterPhotoRequired,
          c.autoFileFromPatrol,
          c.autoClose,
        ],
      );
    }
    await m.query(
      `INSERT INTO calendar_settings (id, workday_start, workday_end, weekend_days, utc_offset_minutes)
       VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [CALENDAR_SEED.workdayStart, CALENDAR_SEED.workdayEnd, CALENDAR_SEED.weekendDays, TOWN_UTC_OFFSET_MINUTES],
    );
    for (const day of CALENDAR_SEED.days) {
      await m.query(`INSERT INTO calendar_days (date, kind, name_zh, name_en) VALUES ($1, $2, $3, $4) ON CONFLICT (date) DO NOTHING`, [
        day.date,
        day.kind,
        day.nameZh,
        day.nameEn,
      ]);
    }
    await seedHotlineMapping(m);
    // 标准地址库: the schematic seed, inserted when missing (an admin's edit or an import of the same address wins)
    for (const a of ADDRESS_SEEDS) {
      const made = addressColumns({ ...a, location: { lat: a.lat, lng: a.lng } }, TOWN_GEOGRAPHY.gridCells);
      if ('problems' in made) throw new Error(`address seed ${JSON.stringify(a)}: ${made.problems.join('; ')}`);
      await m.query(
        `INSERT INTO addresses (kind, road, number, name, standard_text, normalized_text, aliases, search_key, lat, lng, district_code, grid_cell_code, schematic, source)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,true,'seed') ON CONFLICT (normalized_text) DO NOTHING`,
        insertValues(made.row),
      );
    }
  });
}
