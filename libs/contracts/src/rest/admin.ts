import { z } from 'zod';
import { DISTRICT_CODES, ROLES, type DistrictCode, type Role } from '@gridops/domain';
import type { UserView } from './directory';
import { LIMITS } from './common';
import { localDate } from './stats';

/**
 * Administration: users and roles, the duty roster (值班表) and the working calendar (节假日/调休).
 */

/* ------------------------------------------------------------------------------------------------------------ */
/* Users: POST /api/v1/users, PATCH /api/v1/users/:id (admin)                                                     */
/* ------------------------------------------------------------------------------------------------------------ */

export const PASSWORD_MIN_LENGTH = 10;
const password = z.string().min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`).max(200);
const unitCode = z.string().trim().min(1).max(40);
const displayName = z.string().trim().min(1).max(LIMITS.name);
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{3,30}$/, 'digits, spaces, + and - only')
  .nullable();

/**
 * Which binding each role needs (数据权限): a grid worker belongs to one 片区, unit staff to one 处置单位, an admin to
 * neither; operators, shift leads and supervisors are town-level unless bound to one 片区. Null when fine, else why not.
 * The server checks the merged record of a PATCH with the same rule.
 */
export function userBindingProblem(role: Role, districtCode: DistrictCode | null, unit: string | null): string | null {
  if (role === 'grid_worker' && districtCode === null) return 'a grid worker must belong to a district (片区)';
  if (role === 'unit_staff' && unit === null) return 'unit staff must belong to a unit (处置单位)';
  if (role === 'unit_staff' && districtCode !== null) return 'unit staff are not bound to a district';
  if (role !== 'unit_staff' && unit !== null) return 'only unit staff belong to a unit';
  if (role === 'admin' && districtCode !== null) return 'an admin is not bound to a district';
  return null;
}

export const createUserSchema = z
  .strictObject({
    /** login name: lower case letters, digits and . _ - (like worker.xincheng) */
    username: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9._-]{2,49}$/, '3–50 lower-case letters, digits, dot, underscore or dash'),
    displayName,
    role: z.enum(ROLES),
    districtCode: z.enum(DISTRICT_CODES).nullable().default(null),
    unitCode: unitCode.nullable().default(null),
    phone: phone.default(null),
    /** initial password, stored as an argon2id hash */
    password,
  })
  .superRefine((v, ctx) => {
    const problem = userBindingProblem(v.role, v.districtCode, v.unitCode);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['role'] });
  });
export type CreateUserRequest = z.input<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    displayName,
    role: z.enum(ROLES),
    districtCode: z.enum(DISTRICT_CODES).nullable(),
    unitCode: unitCode.nullable(),
    phone,
    /** false locks the account out (its tokens stop working); an admin cannot deactivate themself */
    active: z.boolean(),
    /** reset the password (signs the user out everywhere) */
    password,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'name at least one field to change');
export type UpdateUserRequest = z.infer<typeof updateUserSchema>;

/** A user as the admin screen sees it. */
export interface ManagedUserView extends UserView {
  phone: string | null;
  createdAt: string;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Duty roster (值班表): GET /api/v1/duty-roster, PUT /api/v1/duty-roster/:date                                   */
/* ------------------------------------------------------------------------------------------------------------ */

/** The longest range one roster read covers. */
export const ROSTER_MAX_DAYS = 62;

export const rosterQuerySchema = z
  .strictObject({
    from: localDate,
    to: localDate,
    district: z.enum(DISTRICT_CODES).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['from'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 <= ROSTER_MAX_DAYS, {
    message: `at most ${ROSTER_MAX_DAYS} days at once`,
    path: ['to'],
  });
export type RosterQuery = z.infer<typeof rosterQuerySchema>;

const gridCellCode = z.string().regex(/^[a-z]+-\d{2}$/, 'grid codes look like xincheng-01');
const unique = <T>(items: T[]) => new Set(items).size === items.length;

/**
 * `PUT /api/v1/duty-roster/:date`: who is on duty that (Shanghai) day, 00:00–24:00. Each named cell's list replaces
 * everything on duty in that cell that day (an empty list leaves it unstaffed); cells not named stay as they are.
 * `shiftLeadUserId` sets (or with null clears) the day's 值班长.
 */
export const putRosterDaySchema = z
  .strictObject({
    shiftLeadUserId: z.uuid().nullable(),
    cells: z
      .array(
        z.strictObject({
          gridCellCode,
          userIds: z.array(z.uuid()).max(10).refine(unique, 'a person is named twice'),
        }),
      )
      .max(64)
      .refine((cells) => unique(cells.map((c) => c.gridCellCode)), 'a grid cell is named twice'),
  })
  .partial()
  .refine((v) => v.shiftLeadUserId !== undefined || v.cells !== undefined, 'give shiftLeadUserId, cells or both');
export type PutRosterDayRequest = z.infer<typeof putRosterDaySchema>;

export interface RosterShift {
  /** duty_roster row id */
  id: string;
  userId: string;
  displayName: string;
  /** the shift as stored; it may start before or end after the day */
  startsAt: string;
  endsAt: string;
}

export interface RosterCellDay {
  gridCellCode: string;
  districtCode: DistrictCode;
  workers: RosterShift[];
}

export interface RosterDay {
  date: string;
  shiftLead: { userId: string; displayName: string; phone: string | null } | null;
  /** every grid cell in scope, staffed or not */
  cells: RosterCellDay[];
}

export interface DutyRosterView {
  from: string;
  to: string;
  district: DistrictCode | null;
  days: RosterDay[];
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Calendar (工作日历): GET /api/v1/calendar, PUT /api/v1/calendar/days/:date                                      */
/* ------------------------------------------------------------------------------------------------------------ */

export const calendarQuerySchema = z.strictObject({
  /** defaults to the current year in Shanghai */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type CalendarQuery = z.infer<typeof calendarQuerySchema>;

/**
 * - holiday 法定节假日: no office hours, even Mon–Fri
 * - workday 调休上班: an adjusted workday, office hours even on a weekend
 * - normal: remove the exception (the weekly pattern applies)
 */
export const CALENDAR_DAY_KINDS = ['holiday', 'workday', 'normal'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export const putCalendarDaySchema = z
  .strictObject({
    kind: z.enum(CALENDAR_DAY_KINDS),
    /** e.g. 国庆节; required for holiday and workday */
    nameZh: z.string().trim().min(1).max(50).optional(),
    /** e.g. National Day; defaults to nameZh */
    nameEn: z.string().trim().min(1).max(80).optional(),
  })
  .refine((v) => v.kind === 'normal' || v.nameZh !== undefined, { message: 'name the holiday or workday (nameZh)', path: ['nameZh'] });
export type PutCalendarDayRequest = z.infer<typeof putCalendarDaySchema>;

export interface CalendarDayView {
  date: string;
  kind: 'holiday' | 'workday';
  nameZh: string;
  nameEn: string;
}

export interface CalendarSettingsView {
  workdayStart: string;
  workdayEnd: string;
  /** 0 = Sunday … 6 = Saturday */
  weekendDays: number[];
  utcOffsetMinutes: number;
}

export interface CalendarYearView {
  year: number;
  settings: CalendarSettingsView;
  /** the exceptions of the year, by date */
  days: CalendarDayView[];
}

/** The answer to a PUT: the day as it now stands. */
export interface CalendarDayResult {
  date: string;
  kind: CalendarDayKind;
  nameZh: string | null;
  nameEn: string | null;
  /** whether office hours run that day now */
  isWorkday: boolean;
}
