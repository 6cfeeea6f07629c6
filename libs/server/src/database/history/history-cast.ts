import type { DataSource } from 'typeorm';
import type { LimitUnit } from '@gridops/domain';
import { CalendarService } from '../../directory/calendar.service';
import type { HistoryCast, HistoryCategory, HistoryPerson } from './case-history-plan';

/** The cast of a history, with the categories' names and those the demo simulator reports (someone can handle them). */
export interface LoadedCast extends HistoryCast {
  mixCodes: Set<string>;
  names: Map<string, string>;
}

/**
 * Who acts in a history written by SQL, read from the database: the simulator's desk staff where seeded (else the
 * demo operator and lead), the grid workers by 片区, the unit staff by unit, the categories and the town calendar.
 */
export async function loadHistoryCast(ds: DataSource): Promise<LoadedCast> {
  const users = (await ds.query(`SELECT id, username, display_name, role, district_code, unit_code FROM users WHERE active ORDER BY username`)) as {
    id: string;
    username: string;
    display_name: string;
    role: HistoryPerson['role'];
    district_code: string | null;
    unit_code: string | null;
  }[];
  const person = (u: (typeof users)[number]): HistoryPerson => ({ id: u.id, role: u.role, name: u.display_name });
  const byName = (...names: string[]) => users.find((u) => names.includes(u.username)) ?? users.find((u) => u.role === (names[0].includes('lead') ? 'shift_lead' : 'operator'));
  const desk = byName('sim.operator', 'operator');
  const lead = byName('sim.lead', 'lead');
  if (!desk || !lead) throw new Error('history: seed the demo users first (DEMO=true scripts/start.mjs --migrate-only)');
  const workers = new Map<string, HistoryPerson[]>();
  const unitStaff = new Map<string, HistoryPerson[]>();
  for (const u of users) {
    if (u.role === 'grid_worker' && u.district_code) workers.set(u.district_code, [...(workers.get(u.district_code) ?? []), person(u)]);
    if (u.role === 'unit_staff' && u.unit_code) unitStaff.set(u.unit_code, [...(unitStaff.get(u.unit_code) ?? []), person(u)]);
  }
  const rows = (await ds.query(
    `SELECT code, name_zh, needs_unit, default_unit_code, limit_amount, limit_unit, auto_close, self_disposable FROM categories WHERE active`,
  )) as { code: string; name_zh: string; needs_unit: boolean; default_unit_code: string | null; limit_amount: number; limit_unit: LimitUnit; auto_close: boolean; self_disposable: boolean }[];
  const categories = new Map<string, HistoryCategory>();
  const names = new Map<string, string>();
  const mixCodes = new Set<string>();
  for (const r of rows) {
    categories.set(r.code, { needsUnit: r.needs_unit, defaultUnitCode: r.default_unit_code, limit: { amount: Number(r.limit_amount), unit: r.limit_unit }, autoClose: r.auto_close, selfDisposable: r.self_disposable });
    names.set(r.code, r.name_zh);
    // as the simulator (town.ts handledBy): a category whose unit has nobody to accept it is not reported
    if (!r.needs_unit || (r.default_unit_code !== null && unitStaff.has(r.default_unit_code))) mixCodes.add(r.code);
  }
  const calendar = await new CalendarService(ds).calendar();
  return { desk: person(desk), lead: person(lead), system: { id: null, role: 'system', name: '系统' }, workers, unitStaff, categories, calendar, mixCodes, names };
}

