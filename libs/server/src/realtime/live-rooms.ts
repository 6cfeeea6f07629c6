import type { Actor, DistrictCode } from '@gridops/domain';

/**
 * Websocket rooms mirror read scope (libs/domain access.ts): town-level people in `town`, a 片区-bound person in
 * `district:<code>`, unit staff in `unit:<code>`, everyone in `user:<id>` for their own notifications. An event goes
 * to the rooms of everyone allowed to read the case — and to nobody else, so a district-bound socket never even
 * receives another district's payload.
 */
export const TOWN_ROOM = 'town';
export const districtRoom = (code: DistrictCode) => `district:${code}`;
export const unitRoom = (code: string) => `unit:${code}`;
export const userRoom = (id: string) => `user:${id}`;

export function roomsForActor(a: Actor): string[] {
  const rooms: string[] = a.userId ? [userRoom(a.userId)] : [];
  if (a.role === 'unit_staff') return a.unitCode ? [...rooms, unitRoom(a.unitCode)] : rooms;
  if (a.role === 'grid_worker' && a.districtCode === null) return rooms;
  if (a.districtCode !== null) return [...rooms, districtRoom(a.districtCode)];
  return [...rooms, TOWN_ROOM];
}

export function roomsForCase(c: { districtCode: DistrictCode; assigneeUnitCode: string | null; assigneeUserId: string | null }): string[] {
  const rooms = [TOWN_ROOM, districtRoom(c.districtCode)];
  if (c.assigneeUnitCode) rooms.push(unitRoom(c.assigneeUnitCode));
  // unit staff assigned personally (not through their unit) read the case too
  if (c.assigneeUserId) rooms.push(userRoom(c.assigneeUserId));
  return rooms;
}
