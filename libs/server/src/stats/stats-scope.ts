import type { Actor, DistrictCode } from '@gridops/domain';
import { forbidden } from '../platform/errors/api-error';

/**
 * Which 片区 figures are limited to: a 片区-bound caller always gets its own, and naming another is 403 (not an
 * empty answer, so a mistake is visible); town-level callers get the one they name, or the whole town (null).
 */
export function resolveDistrict(actor: Actor, asked: DistrictCode | undefined): DistrictCode | null {
  if (actor.role !== 'system' && actor.districtCode !== null) {
    if (asked && asked !== actor.districtCode) throw forbidden(`you see 片区 ${actor.districtCode} only`);
    return actor.districtCode;
  }
  return asked ?? null;
}
