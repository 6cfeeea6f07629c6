import type { CategoryView, GridCellView, UserView } from '@gridops/contracts';
import { CAST, buildTown, handledBy } from './town';

const user = (username: string, role: UserView['role'], extra: Partial<UserView> = {}): UserView => ({
  id: `id-${username}`,
  username,
  displayName: username,
  role,
  districtCode: null,
  unitCode: null,
  active: true,
  ...extra,
});
const category = (code: string, over: Partial<CategoryView> = {}) => ({ code, needsUnit: false, defaultUnitCode: null, active: true, ...over }) as CategoryView;
const cell = (code: string, districtCode: GridCellView['districtCode']) => ({ code, districtCode }) as GridCellView;

describe('the town the simulator plays', () => {
  const users = [
    user('operator', 'operator'),
    user('sim.operator', 'operator'),
    user('worker.xincheng', 'grid_worker', { districtCode: 'xincheng' }),
    user('worker2.xincheng', 'grid_worker', { districtCode: 'xincheng', active: false }),
    user('unit.chengguan', 'unit_staff', { unitCode: 'chengguan' }),
    user('someone.else', 'grid_worker', { districtCode: 'jinsha' }),
  ];
  const categories = [
    category('E0102'), // grid workers handle it
    category('E0101', { needsUnit: true, defaultUnitCode: 'chengguan' }),
    category('E0505', { needsUnit: true, defaultUnitCode: 'paichusuo' }), // no one of the 派出所 in the cast
    category('E0104', { active: false }),
  ];
  const town = buildTown([cell('xincheng-01', 'xincheng'), cell('jinsha-01', 'jinsha')], categories, users);

  it('casts only the demo users who exist and are active, in login order', () => {
    expect(town.cast.map((u) => u.username)).toEqual(['sim.operator', 'worker.xincheng', 'unit.chengguan']);
    expect(CAST.indexOf('sim.operator')).toBe(0);
    expect(town.workers.get('xincheng')).toEqual(['id-worker.xincheng']);
    expect(town.patrols.get('jinsha')).toEqual([]);
    expect([...town.staffedUnits]).toEqual(['chengguan']);
  });

  it('plays the desk as its own staff, never as the logins printed for people', () => {
    for (const person of ['admin', 'operator', 'lead', 'supervisor']) expect(CAST).not.toContain(person);
    expect(CAST).toEqual(expect.arrayContaining(['sim.operator', 'sim.lead', 'sim.supervisor']));
  });

  it('reports only categories someone in the cast can take round the loop', () => {
    const codes = town.mix.map((r) => r.code);
    expect(codes).toContain('E0102');
    expect(codes).toContain('E0101');
    expect(codes).not.toContain('E0505');
    expect(codes).not.toContain('E0104');
    expect(handledBy(undefined, town.staffedUnits)).toBe(false);
  });

  it('groups grid cells by 片区', () => {
    expect(town.cellsByDistrict.get('xincheng')?.map((c) => c.code)).toEqual(['xincheng-01']);
    expect(town.cellsByDistrict.get('meichuan')).toEqual([]);
  });
});
