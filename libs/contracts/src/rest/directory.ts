import { z } from 'zod';
import { LIMIT_UNITS, PRIORITIES } from '@gridops/domain';
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
  /** `handle` / `self-dispose` must bring a photo of kind `after` (处置后照片) */
  afterPhotoRequired: boolean;
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


/** `PATCH /api/v1/categories/:code` (admin): categories are data; limits change by decision, not by deploy. */
export const updateCategorySchema = z
  .strictObject({
    nameZh: z.string().trim().min(1).max(50),
    nameEn: z.string().trim().min(1).max(80),
    priority: z.enum(PRIORITIES),
    handlingLimit: z.strictObject({ amount: z.number().positive().max(10_000), unit: z.enum(LIMIT_UNITS) }),
    selfDisposable: z.boolean(),
    defaultUnitCode: z.string().trim().min(1).max(40).nullable(),
    needsUnit: z.boolean(),
    afterPhotoRequired: z.boolean(),
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'name at least one field to change');
export type UpdateCategoryRequest = z.infer<typeof updateCategorySchema>;
