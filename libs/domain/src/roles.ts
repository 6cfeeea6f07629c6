/**
 * Who uses gridops. Values are persisted in `users.role`: never rename them.
 *
 * - operator     受理员/派遣员 — takes reports, sends for verification, dispatches, urges (督办)
 * - shift_lead   值班长 — files (立案), approves returns/extensions/suspensions, closes (结案)
 * - grid_worker  网格员 — patrols, verifies, self-disposes, checks fixes; always bound to one 片区
 * - unit_staff   处置单位 — accepts and handles work dispatched to its unit
 * - supervisor   督办/考核 — reads KPIs, urges overdue cases, approves a second extension (leadership)
 * - admin        管理员 — users, categories, calendars, API keys
 */
export const ROLES = ['operator', 'shift_lead', 'grid_worker', 'unit_staff', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Steps the queue pipeline takes are done by this actor; it is never a login. */
export const SYSTEM_ACTOR = 'system' as const;
export type ActorRole = Role | typeof SYSTEM_ACTOR;

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  operator: { zh: '受理员', en: 'Operator' },
  shift_lead: { zh: '值班长', en: 'Shift lead' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  unit_staff: { zh: '处置单位', en: 'Unit staff' },
  supervisor: { zh: '督办考核', en: 'Supervisor' },
  admin: { zh: '管理员', en: 'Administrator' },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
