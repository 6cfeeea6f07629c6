import type { EntityManager } from 'typeorm';
import { HOTLINE_FIELDS, type HotlineColumns } from '@gridops/contracts';

export const DEFAULT_HOTLINE_MAPPING_NAME = '12345标准导出 / standard export';

/** The standard export's headers, one per field. */
export const DEFAULT_HOTLINE_COLUMNS: HotlineColumns = { ...HOTLINE_FIELDS };

/**
 * 12345 分类 names seen in work orders → our categories. A 分类 equal to one of our category codes or Chinese names
 * (暴露垃圾, 路灯 …) is recognised without an entry, and so is a path like 市容环境/暴露垃圾 by its last part; these
 * cover the hotline's own wording. Admins extend the list in the mapping.
 */
export const DEFAULT_HOTLINE_CATEGORIES: Record<string, string> = {
  垃圾清运: 'E0102',
  生活垃圾: 'E0102',
  垃圾堆放: 'E0102',
  建筑垃圾: 'E0103',
  渣土堆放: 'E0103',
  道路保洁: 'E0104',
  道路不洁: 'E0104',
  绿化脏乱: 'E0106',
  积水: 'E0111',
  道路积水: 'E0111',
  小广告: 'E0201',
  乱张贴: 'E0201',
  违法搭建: 'E0101',
  违章搭建: 'E0101',
  违法建筑: 'E0101',
  店招店牌: 'E0203',
  噪声扰民: 'E0301',
  夜间施工: 'E0301',
  施工噪声: 'E0301',
  工地扬尘: 'E0302',
  渣土遗撒: 'E0304',
  路面塌陷: 'E0401',
  水管爆裂: 'E0402',
  自来水管破裂: 'E0402',
  燃气泄漏: 'E0403',
  煤气泄漏: 'E0403',
  无证摊贩: 'E0501',
  乱设摊: 'E0501',
  占道经营: 'E0501',
  跨门营业: 'E0504',
  出店经营: 'E0504',
  违章停车: 'E0505',
  乱停车: 'E0505',
  共享单车乱停放: 'E0506',
  非机动车乱停放: 'E0506',
  乱堆物: 'E0507',
  乱堆乱放: 'E0507',
  油烟扰民: 'E0510',
  露天烧烤: 'E0510',
  群租: 'E0901',
  群租房: 'E0901',
  飞线充电: 'E0902',
  电瓶车充电: 'E0902',
  物业管理: 'E0903',
  物业服务: 'E0903',
  井盖缺失: 'C0102',
  井盖破损: 'C0102',
  窨井盖: 'C0102',
  雨水井: 'C0104',
  消防栓: 'C0113',
  路灯不亮: 'C0118',
  路灯损坏: 'C0118',
  公交候车亭: 'C0203',
  交通标志: 'C0209',
  护栏损坏: 'C0211',
  公厕: 'C0301',
  垃圾桶: 'C0305',
  果壳箱: 'C0305',
  树木倒伏: 'C0402',
  行道树: 'C0402',
};

/**
 * Put the standard mapping in place on every start (`seedTown`): inserted when missing, never overwritten (admins
 * edit it), and made the default only when there is none.
 */
export async function seedHotlineMapping(m: EntityManager): Promise<void> {
  await m.query(
    `INSERT INTO hotline_import_mappings (name, columns, categories, coordinate_system, address_hints, is_default)
     VALUES ($1, $2, $3, 'wgs84', '[]', NOT EXISTS (SELECT 1 FROM hotline_import_mappings WHERE is_default))
     ON CONFLICT (name) DO NOTHING`,
    [DEFAULT_HOTLINE_MAPPING_NAME, JSON.stringify(DEFAULT_HOTLINE_COLUMNS), JSON.stringify(DEFAULT_HOTLINE_CATEGORIES)],
  );
}
