/**
 * Seed 处置单位 (handling units) of 长征镇: the bodies a case can be dispatched to besides grid workers.
 * Names are generic (the real town has e.g. 长征城管中队, 长征派出所); phone numbers are placeholders in the
 * reserved-looking pattern 021-0000-00NN and must be replaced by an admin.
 */
export interface UnitSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  /** placeholder, never a real number */
  phone?: string;
}

export const UNIT_SEEDS: UnitSeed[] = [
  { code: 'chengguan', nameZh: '城管中队', nameEn: 'City management squad', phone: '021-0000-0001' },
  { code: 'shirong', nameZh: '市容环卫', nameEn: 'Sanitation (city appearance)', phone: '021-0000-0002' },
  { code: 'shuiwu', nameZh: '供排水', nameEn: 'Water supply & drainage', phone: '021-0000-0003' },
  { code: 'dianli', nameZh: '电力', nameEn: 'Power supply', phone: '021-0000-0004' },
  { code: 'lvhua', nameZh: '绿化', nameEn: 'Greening', phone: '021-0000-0005' },
  { code: 'jiaotong', nameZh: '交通设施', nameEn: 'Traffic facilities', phone: '021-0000-0006' },
  { code: 'daolu', nameZh: '道路养护', nameEn: 'Road maintenance', phone: '021-0000-0007' },
  { code: 'fangguan', nameZh: '房管办', nameEn: 'Housing office', phone: '021-0000-0008' },
  { code: 'shichang', nameZh: '市场监管所', nameEn: 'Market regulation office', phone: '021-0000-0009' },
  { code: 'paichusuo', nameZh: '派出所', nameEn: 'Police station', phone: '021-0000-0010' },
  { code: 'xiaofang', nameZh: '消防', nameEn: 'Fire brigade', phone: '021-0000-0011' },
  { code: 'ranqi', nameZh: '燃气', nameEn: 'Gas company', phone: '021-0000-0012' },
  { code: 'wuye', nameZh: '物业', nameEn: 'Property management', phone: '021-0000-0013' },
];

export type SeedUnitCode =
  | 'chengguan'
  | 'shirong'
  | 'shuiwu'
  | 'dianli'
  | 'lvhua'
  | 'jiaotong'
  | 'daolu'
  | 'fangguan'
  | 'shichang'
  | 'paichusuo'
  | 'xiaofang'
  | 'ranqi'
  | 'wuye';
