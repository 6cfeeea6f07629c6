import type { Role } from '@gridops/domain';

/** Where each role lands after signing in (issue: operators on the board, grid workers on their tasks, …). */
export function homeRoute(role: Role): string {
  switch (role) {
    case 'operator':
    case 'shift_lead':
      return '/board';
    case 'grid_worker':
    case 'unit_staff':
      return '/field';
    case 'supervisor':
      return '/analytics';
    case 'admin':
      return '/admin';
  }
}

/** Which roles may open which screen (the API checks again on every call; this only hides what would fail). */
export const SCREEN_ROLES = {
  board: ['operator', 'shift_lead', 'supervisor', 'admin', 'grid_worker'],
  desk: ['operator', 'shift_lead', 'admin'],
  analytics: ['supervisor', 'shift_lead', 'operator', 'admin'],
  admin: ['admin', 'shift_lead'],
  import: ['operator', 'shift_lead', 'admin'],
  video: ['operator', 'shift_lead', 'supervisor', 'admin'],
  field: ['grid_worker', 'unit_staff'],
  cases: ['operator', 'shift_lead', 'grid_worker', 'unit_staff', 'supervisor', 'admin'],
  warnings: ['supervisor', 'shift_lead', 'operator', 'admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Screen = keyof typeof SCREEN_ROLES;

export function canOpen(role: Role, screen: Screen): boolean {
  return (SCREEN_ROLES[screen] as readonly Role[]).includes(role);
}
