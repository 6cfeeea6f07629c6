import type { Actor, DistrictCode, Role } from '@gridops/domain';

/** The logged-in caller, as the access token says. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  districtCode: DistrictCode | null;
  unitCode: string | null;
}

export function actorOf(p: Principal): Actor {
  return { role: p.role, userId: p.id, districtCode: p.districtCode, unitCode: p.unitCode };
}
