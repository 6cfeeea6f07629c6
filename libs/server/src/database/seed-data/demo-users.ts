/**
 * Demo logins for a fresh install. All share DEMO_PASSWORD; the seeding code must hash it (never store it plain)
 * and should refuse to seed demo users in production unless explicitly asked to.
 *
 * Phone numbers are placeholders: the 100 prefix is not allocated to mobile phones, so none of them can reach a
 * real person.
 */
import type { DistrictCode } from '@gridops/domain';
import { TOWN_GEOGRAPHY } from './geography';
import type { SeedUnitCode } from './units';

export const DEMO_PASSWORD = 'gridops-demo';

/** Same values as `Role` in @gridops/domain (roles.ts); spelled out so this file needs only DistrictCode. */
export type DemoUserRole = 'operator' | 'shift_lead' | 'grid_worker' | 'unit_staff' | 'supervisor' | 'admin';

export interface DemoUserSeed {
  username: string;
  /** Chinese display name */
  displayName: string;
  role: DemoUserRole;
  /** set for grid workers (bound to one 片区); null for town-level roles and unit staff */
  districtCode: DistrictCode | null;
  /** set for unit staff only */
  unitCode: SeedUnitCode | null;
  phone: string;
  /** set for the demo staff the living town (apps/simulator) signs in as: seeded, but not printed as a login for people */
  playedBy?: 'simulator';
}

export const DEMO_USER_SEEDS: DemoUserSeed[] = [
  // the nine logins the README and e2e tests rely on: keep them first and in this order
  { username: 'admin', displayName: '王磊', role: 'admin', districtCode: null, unitCode: null, phone: '10000000001' },
  { username: 'lead', displayName: '李静', role: 'shift_lead', districtCode: null, unitCode: null, phone: '10000000002' },
  { username: 'operator', displayName: '张敏', role: 'operator', districtCode: null, unitCode: null, phone: '10000000003' },
  { username: 'supervisor', displayName: '陈刚', role: 'supervisor', districtCode: null, unitCode: null, phone: '10000000004' },
  { username: 'worker.xincheng', displayName: '刘洋', role: 'grid_worker', districtCode: 'xincheng', unitCode: null, phone: '10000000011' },
  { username: 'worker.jinsha', displayName: '赵丽', role: 'grid_worker', districtCode: 'jinsha', unitCode: null, phone: '10000000012' },
  { username: 'worker.nujiang', displayName: '孙伟', role: 'grid_worker', districtCode: 'nujiang', unitCode: null, phone: '10000000013' },
  { username: 'worker.meichuan', displayName: '周婷', role: 'grid_worker', districtCode: 'meichuan', unitCode: null, phone: '10000000014' },
  { username: 'unit.chengguan', displayName: '吴强', role: 'unit_staff', districtCode: null, unitCode: 'chengguan', phone: '10000000021' },
  // a second grid worker per district, so a checker who is not the fixer always exists
  { username: 'worker2.xincheng', displayName: '郑浩', role: 'grid_worker', districtCode: 'xincheng', unitCode: null, phone: '10000000031' },
  { username: 'worker2.jinsha', displayName: '冯雪', role: 'grid_worker', districtCode: 'jinsha', unitCode: null, phone: '10000000032' },
  { username: 'worker2.nujiang', displayName: '何军', role: 'grid_worker', districtCode: 'nujiang', unitCode: null, phone: '10000000033' },
  { username: 'worker2.meichuan', displayName: '许芳', role: 'grid_worker', districtCode: 'meichuan', unitCode: null, phone: '10000000034' },
  { username: 'unit.shirong', displayName: '马超', role: 'unit_staff', districtCode: null, unitCode: 'shirong', phone: '10000000022' },
  { username: 'unit.shuiwu', displayName: '胡斌', role: 'unit_staff', districtCode: null, unitCode: 'shuiwu', phone: '10000000023' },
  // the simulator's own desk staff (docs/simulator.md): a person signed in as `operator` or `lead` never sees their
  // own name on steps the living town took, nor races it for the same case
  { username: 'sim.operator', displayName: '林晓（模拟）', role: 'operator', districtCode: null, unitCode: null, phone: '10000000041', playedBy: 'simulator' },
  { username: 'sim.lead', displayName: '高远（模拟）', role: 'shift_lead', districtCode: null, unitCode: null, phone: '10000000042', playedBy: 'simulator' },
  { username: 'sim.supervisor', displayName: '宋杰（模拟）', role: 'supervisor', districtCode: null, unitCode: null, phone: '10000000043', playedBy: 'simulator' },
];

/** The demo logins printed for people (`npm start`, README): everyone but the simulator's own staff. */
export const DEMO_PEOPLE_LOGINS: DemoUserSeed[] = DEMO_USER_SEEDS.filter((u) => u.playedBy !== 'simulator');

export interface DutyRosterSeed {
  username: string;
  gridCellCodes: string[];
}

/** Every demo grid worker is on duty for all grid cells of their district (both workers of a district overlap). */
export const DEMO_DUTY_ROSTER: DutyRosterSeed[] = DEMO_USER_SEEDS.filter((u) => u.role === 'grid_worker').map((u) => ({
  username: u.username,
  gridCellCodes: TOWN_GEOGRAPHY.gridCells.filter((c) => c.districtCode === u.districtCode).map((c) => c.code),
}));
