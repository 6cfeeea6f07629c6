import type { AreaGeometry, DistrictCode, LimitUnit, Priority, Role } from '@gridops/domain';

export interface DistrictView {
  code: DistrictCode;
  nameZh: string;
  nameEn: string;
  geometry: AreaGeometry;
}

export interface GridCellView {
  code: string;
  districtCode: DistrictCode;
  nameZh: string;
  nameEn: string;
  geometry: AreaGeometry;
}

export interface CategoryView {
  code: string;
  standardCode: string;
  kind: 'component' | 'event';
  nameZh: string;
  nameEn: string;
  priority: Priority;
  handlingLimit: { amount: number; unit: LimitUnit };
  responseLimit: { amount: number; unit: LimitUnit } | null;
  selfDisposable: boolean;
  defaultUnitCode: string | null;
  needsUnit: boolean;
  active: boolean;
}

export interface UnitView {
  code: string;
  nameZh: string;
  nameEn: string;
  phone: string | null;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  districtCode: DistrictCode | null;
  unitCode: string | null;
  active: boolean;
}
