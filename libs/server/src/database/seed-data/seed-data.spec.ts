import {
  CALENDAR_SEED,
  CATEGORY_SEEDS,
  DEMO_DUTY_ROSTER,
  DEMO_PEOPLE_LOGINS,
  DEMO_USER_SEEDS,
  GEOGRAPHY_IS_SCHEMATIC,
  TOWN_CENTER,
  TOWN_GEOGRAPHY,
  TOWN_OUTLINE,
  UNIT_SEEDS,
  sampleInteriorPoint,
  type Position,
} from './index';

/** The 37 codes of domain.md §6, in table order. */
const TABLE_CODES = [
  'C0101', 'C0102', 'C0104', 'C0113', 'C0116', 'C0118', 'C0203', 'C0209', 'C0211', 'C0301', 'C0305', 'C0402', 'C0501',
  'E0101', 'E0102', 'E0103', 'E0104', 'E0106', 'E0111', 'E0201', 'E0203', 'E0301', 'E0302', 'E0304', 'E0401', 'E0402',
  'E0403', 'E0411', 'E0501', 'E0504', 'E0505', 'E0506', 'E0507', 'E0510', 'E0901', 'E0902', 'E0903',
];
const SELF_FIX_CODES = ['C0305', 'E0102', 'E0104', 'E0106', 'E0201', 'E0501', 'E0504', 'E0506', 'E0507', 'E0902'];

/** Signed shoelace area of a closed ring in [lng, lat] space; positive = counter-clockwise. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let k = 0; k < ring.length - 1; k++) sum += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return sum / 2;
}

/** Even-odd ray casting; the point is given as [lng, lat]. */
function insideRing(point: Position, ring: Position[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (let a = 0, b = ring.length - 2; a < ring.length - 1; b = a++) {
    const [xa, ya] = ring[a];
    const [xb, yb] = ring[b];
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

const cells = TOWN_GEOGRAPHY.gridCells;
const districts = TOWN_GEOGRAPHY.districts;
const allRings = [...districts, ...cells].map((f) => f.geometry.coordinates[0]).concat([TOWN_OUTLINE.coordinates[0]]);

describe('categories', () => {
  it('has the 37 unique codes of the domain table', () => {
    const codes = CATEGORY_SEEDS.map((c) => c.code);
    expect(new Set(codes).size).toBe(37);
    expect([...codes].sort()).toEqual([...TABLE_CODES].sort());
  });

  it('derives kind from the code prefix and carries a standard code', () => {
    for (const c of CATEGORY_SEEDS) {
      expect(c.kind).toBe(c.code.startsWith('C') ? 'component' : 'event');
      expect(c.standardCode).toBeTruthy();
      expect(c.nameZh).toBeTruthy();
      expect(c.nameEn).toBeTruthy();
    }
  });

  it('points every default unit at a seeded unit, and units are unique', () => {
    const unitCodes = new Set(UNIT_SEEDS.map((u) => u.code));
    expect(unitCodes.size).toBe(UNIT_SEEDS.length);
    for (const c of CATEGORY_SEEDS) {
      if (c.defaultUnitCode !== null) expect(unitCodes).toContain(c.defaultUnitCode);
    }
  });

  it('has the required units', () => {
    const required = ['chengguan', 'shirong', 'shuiwu', 'dianli', 'lvhua', 'jiaotong', 'fangguan', 'shichang', 'paichusuo', 'xiaofang', 'ranqi', 'wuye'];
    const codes = UNIT_SEEDS.map((u) => u.code);
    for (const code of required) expect(codes).toContain(code);
  });

  it('has positive limits in a known unit', () => {
    const units = ['working_hours', 'working_days', 'natural_hours'];
    for (const c of CATEGORY_SEEDS) {
      for (const limit of [c.handlingLimit, c.responseLimit].filter((l) => l !== undefined)) {
        expect(limit.amount).toBeGreaterThan(0);
        expect(units).toContain(limit.unit);
      }
    }
  });

  it('matches the Self-fix column; units are needed exactly when the worker cannot fix it', () => {
    for (const c of CATEGORY_SEEDS) {
      expect(c.selfDisposable).toBe(SELF_FIX_CODES.includes(c.code));
      if (c.selfDisposable) expect(c.needsUnit).toBe(false);
      if (c.needsUnit) expect(c.defaultUnitCode).not.toBeNull();
    }
  });

  it('never auto-closes P0/P1', () => {
    for (const c of CATEGORY_SEEDS.filter((x) => x.priority === 'P0' || x.priority === 'P1')) {
      expect(c.autoClose).toBe(false);
    }
  });

  it('spot-checks limits from the table', () => {
    const byCode = new Map(CATEGORY_SEEDS.map((c) => [c.code, c]));
    expect(byCode.get('C0101')?.responseLimit).toEqual({ amount: 2, unit: 'natural_hours' });
    expect(byCode.get('C0101')?.handlingLimit).toEqual({ amount: 24, unit: 'natural_hours' });
    expect(byCode.get('E0102')?.handlingLimit).toEqual({ amount: 4, unit: 'working_hours' });
    expect(byCode.get('E0101')?.handlingLimit).toEqual({ amount: 20, unit: 'working_days' });
    expect(byCode.get('E0403')?.handlingLimit).toEqual({ amount: 1, unit: 'natural_hours' });
    expect(byCode.get('E0903')?.handlingLimit).toEqual({ amount: 7, unit: 'working_days' });
  });
});

describe('geography', () => {
  it('is flagged schematic', () => {
    expect(GEOGRAPHY_IS_SCHEMATIC).toBe(true);
  });

  it('has 4 districts × 4 cells with unique codes', () => {
    expect(districts.map((d) => d.code).sort()).toEqual(['jinsha', 'meichuan', 'nujiang', 'xincheng']);
    expect(cells).toHaveLength(16);
    expect(new Set(cells.map((c) => c.code)).size).toBe(16);
    for (const d of districts) {
      const own = cells.filter((c) => c.districtCode === d.code);
      expect(own.map((c) => c.code)).toEqual([1, 2, 3, 4].map((n) => `${d.code}-0${n}`));
      expect(own[0].nameZh).toBe(`${d.nameZh}第1网格`);
      expect(own[0].nameEn).toBe(`${d.nameEn} grid 1`);
    }
  });

  it('has closed, counter-clockwise rings rounded to 6 decimals', () => {
    for (const ring of allRings) {
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[ring.length - 1]).toEqual(ring[0]);
      expect(signedArea(ring)).toBeGreaterThan(0);
      for (const [lng, lat] of ring) {
        expect(Math.round(lng * 1e6) / 1e6).toBe(lng);
        expect(Math.round(lat * 1e6) / 1e6).toBe(lat);
      }
    }
  });

  it('keeps every coordinate inside the town box', () => {
    for (const ring of allRings) {
      for (const [lng, lat] of ring) {
        expect(lat).toBeGreaterThanOrEqual(31.225);
        expect(lat).toBeLessThanOrEqual(31.255);
        expect(lng).toBeGreaterThanOrEqual(121.365);
        expect(lng).toBeLessThanOrEqual(121.415);
      }
    }
    expect(insideRing([TOWN_CENTER.lng, TOWN_CENTER.lat], TOWN_OUTLINE.coordinates[0])).toBe(true);
  });

  it('tiles each district with its cells (areas add up)', () => {
    for (const d of districts) {
      const cellSum = cells
        .filter((c) => c.districtCode === d.code)
        .reduce((s, c) => s + signedArea(c.geometry.coordinates[0]), 0);
      expect(Math.abs(signedArea(d.geometry.coordinates[0]) - cellSum)).toBeLessThan(1e-9);
    }
    const town = signedArea(TOWN_OUTLINE.coordinates[0]);
    const allCells = cells.reduce((s, c) => s + signedArea(c.geometry.coordinates[0]), 0);
    const allDistricts = districts.reduce((s, d) => s + signedArea(d.geometry.coordinates[0]), 0);
    expect(Math.abs(town - allCells)).toBeLessThan(1e-9);
    expect(Math.abs(town - allDistricts)).toBeLessThan(1e-9);
  });

  it('has convex cells (so centroid-to-corner sample points stay inside)', () => {
    for (const cell of cells) {
      const ring = cell.geometry.coordinates[0];
      const n = ring.length - 1;
      for (let k = 0; k < n; k++) {
        const [a, b, c] = [ring[k], ring[(k + 1) % n], ring[(k + 2) % n]];
        const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
        expect(cross).toBeGreaterThan(0);
      }
    }
  });

  it('has no overlapping cells: each sample point lies in exactly one cell, of the right district', () => {
    for (const cell of cells) {
      for (let index = 0; index <= 4; index++) {
        const p = sampleInteriorPoint(cell.code, index);
        const point: Position = [p.lng, p.lat];
        const hits = cells.filter((c) => insideRing(point, c.geometry.coordinates[0]));
        expect(hits.map((c) => c.code)).toEqual([cell.code]);
        const inDistricts = districts.filter((d) => insideRing(point, d.geometry.coordinates[0]));
        expect(inDistricts.map((d) => d.code)).toEqual([cell.districtCode]);
      }
    }
  });

  it('shares vertices: every cell vertex is a vertex of its district ring or strictly inside it', () => {
    for (const d of districts) {
      const ring = d.geometry.coordinates[0];
      const key = (p: Position) => `${p[0]},${p[1]}`;
      const boundary = new Set(ring.map(key));
      const inner = cells
        .filter((c) => c.districtCode === d.code)
        .flatMap((c) => c.geometry.coordinates[0])
        .filter((p) => !boundary.has(key(p)));
      // the only non-boundary vertex of a 2 × 2 block is its centre, shared by all four cells
      expect(new Set(inner.map(key)).size).toBe(1);
      expect(insideRing(inner[0], ring)).toBe(true);
    }
  });

  it('places districts as laid out (NW, NE, SW, SE)', () => {
    const centre = (code: string) => {
      const own = cells.filter((c) => c.districtCode === code).map((c) => sampleInteriorPoint(c.code));
      return { lat: own.reduce((s, p) => s + p.lat, 0) / 4, lng: own.reduce((s, p) => s + p.lng, 0) / 4 };
    };
    const [x, n, m, j] = ['xincheng', 'nujiang', 'meichuan', 'jinsha'].map(centre);
    expect(x.lat).toBeGreaterThan(m.lat);
    expect(n.lat).toBeGreaterThan(j.lat);
    expect(n.lng).toBeGreaterThan(x.lng);
    expect(j.lng).toBeGreaterThan(m.lng);
  });

  it('rejects an unknown cell code', () => {
    expect(() => sampleInteriorPoint('nowhere-01')).toThrow();
  });
});

describe('calendar', () => {
  const days = CALENDAR_SEED.days;

  it('has valid, unique dates', () => {
    for (const d of days) {
      expect(d.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${d.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d.date);
      expect(['holiday', 'workday']).toContain(d.kind);
      expect(d.nameZh).toBeTruthy();
      expect(d.nameEn).toBeTruthy();
    }
    expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
  });

  it('puts adjusted workdays on weekends only', () => {
    for (const d of days.filter((x) => x.kind === 'workday')) {
      expect(CALENDAR_SEED.weekendDays).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
    }
  });

  it('matches the published 2026 schedule', () => {
    const y2026 = days.filter((d) => d.date.startsWith('2026-'));
    expect(y2026.filter((d) => d.kind === 'holiday')).toHaveLength(33);
    expect(y2026.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual([
      '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
    ]);
  });

  it('uses office hours 08:30–17:30 with Sat/Sun weekends', () => {
    expect(CALENDAR_SEED.workdayStart).toBe('08:30');
    expect(CALENDAR_SEED.workdayEnd).toBe('17:30');
    expect(CALENDAR_SEED.weekendDays).toEqual([0, 6]);
  });
});

describe('demo users', () => {
  const required = [
    'admin', 'lead', 'operator', 'supervisor',
    'worker.xincheng', 'worker.jinsha', 'worker.nujiang', 'worker.meichuan', 'unit.chengguan',
  ];

  it('starts with the 9 required usernames, all unique', () => {
    const names = DEMO_USER_SEEDS.map((u) => u.username);
    expect(names.slice(0, 9)).toEqual(required);
    expect(new Set(names).size).toBe(names.length);
  });

  it('seeds the simulator its own desk staff with names of their own, not printed as logins for people', () => {
    const sim = DEMO_USER_SEEDS.filter((u) => u.playedBy === 'simulator');
    expect(sim.map((u) => [u.username, u.role])).toEqual([['sim.operator', 'operator'], ['sim.lead', 'shift_lead'], ['sim.supervisor', 'supervisor']]);
    const peoplesNames = DEMO_PEOPLE_LOGINS.map((u) => u.displayName);
    for (const u of sim) expect(peoplesNames).not.toContain(u.displayName);
    expect(DEMO_PEOPLE_LOGINS.map((u) => u.username)).not.toEqual(expect.arrayContaining(['sim.operator']));
    expect(DEMO_PEOPLE_LOGINS.map((u) => u.username).slice(0, 9)).toEqual(required);
  });

  it('binds grid workers to a district and unit staff to a seeded unit', () => {
    const unitCodes = UNIT_SEEDS.map((u) => u.code);
    for (const u of DEMO_USER_SEEDS) {
      if (u.role === 'grid_worker') expect(u.districtCode).not.toBeNull();
      else expect(u.districtCode).toBeNull();
      if (u.role === 'unit_staff') expect(unitCodes).toContain(u.unitCode);
      else expect(u.unitCode).toBeNull();
    }
  });

  it('has two grid workers per district, each on duty for all its cells', () => {
    for (const d of districts) {
      const workers = DEMO_USER_SEEDS.filter((u) => u.role === 'grid_worker' && u.districtCode === d.code);
      expect(workers).toHaveLength(2);
      const districtCells = cells.filter((c) => c.districtCode === d.code).map((c) => c.code);
      for (const w of workers) {
        expect(DEMO_DUTY_ROSTER.find((r) => r.username === w.username)?.gridCellCodes).toEqual(districtCells);
      }
    }
  });
});
