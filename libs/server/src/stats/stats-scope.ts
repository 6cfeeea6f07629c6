import { readScope, type Actor, type DistrictCode } from '@gridops/domain';
import { forbidden } from '../platform/errors/api-error';

/**
 * Which 片区 figures are limited to: a 片区-bound caller (libs/domain `readScope`) always gets its own, and naming
 * another is 403 (not an empty answer, so a mistake is visible); everyone else gets the one they name, or the whole
 * town (null) — narrowed further by their read scope in the SQL.
 */
export function resolveDistrict(actor: Actor, asked: DistrictCode | undefined): DistrictCode | null {
  const scope = readScope(actor);
  if (scope.kind === 'district') {
    if (asked && asked !== scope.districtCode) throw forbidden(`you see 片区 ${scope.districtCode} only`);
    return scope.districtCode;
  }
  return asked ?? null;
}
