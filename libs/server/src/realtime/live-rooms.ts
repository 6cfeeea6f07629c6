import { readScope, type Actor, type DistrictCode } from '@gridops/domain';

/**
 * Websocket rooms mirror read scope (libs/domain `readScope`): town-level people in `town`, a 片区-bound person in
 * `district:<code>`, unit staff in `unit:<code>`, everyone in `user:<id>` for their own notifications. An event goes
 * to the rooms of everyone allowed to read the case — and to nobody else, so a district-bound socket never even
 * receives another district's payload.
 */
export const TOWN_ROOM = 'town';
export const districtRoom = (code: DistrictCode) => `district:${code}`;
export const unitRoom = (code: string) => `unit:${code}`;
export const userRoom = (id: string) => `user:${id}`;
/** The batched twin of a scope room: sockets that asked for `case.batch` frames join this instead (live-publisher.ts). */
export const batchRoom = (room: string) => `batch:${room}`;
const isUserRoom = (room: string) => room.startsWith('user:');

/**
 * The rooms a socket joins. A batching socket joins the batched twin of its scope room, and its own user room as it
 * is (notifications, and the few case events addressed to it personally, which it dedupes by seq).
 */
export function roomsToJoin(a: Actor, batch: boolean): string[] {
  const rooms = roomsForActor(a);
  return batch ? rooms.map((r) => (isUserRoom(r) ? r : batchRoom(r))) : rooms;
}

/** Rooms whose sockets get case events grouped: every scope room but personal ones. */
export function batchedTwins(rooms: string[]): string[] {
  return rooms.filter((r) => !isUserRoom(r)).map(batchRoom);
}

export function roomsForActor(a: Actor): string[] {
  const rooms: string[] = a.userId ? [userRoom(a.userId)] : [];
  const scope = readScope(a);
  switch (scope.kind) {
    case 'town':
      return [...rooms, TOWN_ROOM];
    case 'district':
      return [...rooms, districtRoom(scope.districtCode)];
    case 'assigned':
      // what is dispatched to them personally reaches their user room
      return scope.unitCode ? [...rooms, unitRoom(scope.unitCode)] : rooms;
    case 'nothing':
      return rooms;
  }
}

export function roomsForCase(c: { districtCode: DistrictCode; assigneeUnitCode: string | null; assigneeUserId: string | null }): string[] {
  const rooms = [TOWN_ROOM, districtRoom(c.districtCode)];
  if (c.assigneeUnitCode) rooms.push(unitRoom(c.assigneeUnitCode));
  // unit staff assigned personally (not through their unit) read the case too
  if (c.assigneeUserId) rooms.push(userRoom(c.assigneeUserId));
  return rooms;
}

/** The kinds of room a socket can be in: the metrics' `room_kind` label (never a room's own name). */
export const ROOM_KINDS = ['town', 'district', 'unit', 'user', 'batch:town', 'batch:district', 'batch:unit'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** A room's kind; null for rooms that are none of ours (socket.io's per-socket room). */
export function roomKind(room: string): RoomKind | null {
  const m = /^(batch:)?(?:(town)|(district|unit|user):.+)$/.exec(room);
  if (!m) return null;
  return `${m[1] ?? ''}${m[2] ?? m[3]}` as RoomKind;
}

/** Sockets in rooms of each kind, from a namespace's room map (no lookups: one pass over the rooms). */
export function socketsByRoomKind(rooms: ReadonlyMap<string, ReadonlySet<string>>): Record<RoomKind, number> {
  const counts = Object.fromEntries(ROOM_KINDS.map((k) => [k, 0])) as Record<RoomKind, number>;
  for (const [room, sockets] of rooms) {
    const kind = roomKind(room);
    if (kind) counts[kind] += sockets.size;
  }
  return counts;
}
