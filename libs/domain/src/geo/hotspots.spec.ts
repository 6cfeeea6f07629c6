import { HOTSPOT_RULE, findHotspots, metresBetween, type HotspotCandidate } from './hotspots';

describe('hotspots (高发点位)', () => {
  const now = new Date('2026-12-07T08:00:00Z');
  const base = { lat: 31.245, lng: 121.38 };
  const DAY = 86_400_000;
  /** a point `north` and `east` metres from base */
  const at = (north: number, east = 0) => ({
    lat: base.lat + north / 110_540,
    lng: base.lng + east / (111_320 * Math.cos((base.lat * Math.PI) / 180)),
  });
  let n = 0;
  const report = (daysAgo: number, where = at(0), categoryCode = 'E0506'): HotspotCandidate => ({
    id: `c${String(++n).padStart(3, '0')}`,
    categoryCode,
    ...where,
    reportedAt: new Date(now.getTime() - daysAgo * DAY),
  });

  it('measures metres as the duplicate search does, symmetric', () => {
    expect(metresBetween(base, at(50))).toBeCloseTo(50, 3);
    expect(metresBetween(base, at(0, 30))).toBeCloseTo(30, 0);
    expect(metresBetween(at(10, 20), at(-30, 5))).toBeCloseTo(metresBetween(at(-30, 5), at(10, 20)), 9);
  });

  it('forms at the Nth report of a category at one place, not before', () => {
    expect(HOTSPOT_RULE).toEqual({ radiusMetres: 50, minCases: 3, windowDays: 30 });
    const cases: HotspotCandidate[] = [];
    for (let i = 0; i < HOTSPOT_RULE.minCases - 1; i++) {
      cases.push(report(20 - i, at(i * 10, i * 5)));
      expect(findHotspots(cases, now)).toEqual([]);
    }
    const nth = report(1, at(-20, 30));
    const [h, ...others] = findHotspots([...cases, nth], now);
    expect(others).toEqual([]);
    expect(h.anchor).toBe(cases[0]);
    expect(h.members).toEqual([...cases, nth]);
  });

  it('does not count a report outside the radius, of another category or older than the window', () => {
    const anchor = report(10);
    const repeat = report(5, at(49));
    const outside = report(4, at(0, 51));
    const otherCategory = report(3, at(2), 'E0102');
    const old = report(HOTSPOT_RULE.windowDays + 0.01, at(-5));
    const future = report(-1, at(1));
    const cases = [anchor, repeat, outside, otherCategory, old, future];
    expect(findHotspots(cases, now)).toEqual([]);
    // one more real repeat makes it, with none of the others
    const third = report(0, at(0, -10));
    const [h] = findHotspots([...cases, third], now);
    expect(h.members.map((c) => c.id)).toEqual([anchor.id, repeat.id, third.id]);
  });

  it('drops a place whose cases age out of the window, and re-anchors on the earliest case left', () => {
    const cases = [report(40), report(29), report(20, at(30)), report(10, at(45))];
    // the 40-day-old anchor is out: the 29-day-old case anchors; the one 45 m north is 45 m from it, in
    const [h] = findHotspots(cases, now);
    expect(h.anchor).toBe(cases[1]);
    expect(h.members).toEqual(cases.slice(1));
    // 10 days later the 29-day-old case has gone too: two left, no hotspot
    expect(findHotspots(cases, new Date(now.getTime() + 10 * DAY))).toEqual([]);
  });

  it('is deterministic: input order does not matter, ties go by id, a repeat joins the earliest anchor in reach', () => {
    // two anchors 80 m apart; a case midway (40 m from both) joins the earlier one
    const west = [report(9, at(0, -40)), report(8, at(0, -60))];
    const east = [report(7, at(0, 40)), report(6, at(0, 60))];
    const middle = report(5, at(0, 0));
    const sameInstant = { ...report(5, at(0, 41)), id: 'c000' };
    const all = [...west, ...east, middle, sameInstant];
    const a = findHotspots(all, now);
    const b = findHotspots([...all].reverse(), now);
    expect(b).toEqual(a);
    expect(a.map((h) => h.members.map((c) => c.id))).toEqual([
      // west has 3 (its two and the middle one); east has 3 (its two and the same-instant case); both last had a case
      // at the same instant, so the anchor ids decide
      [west[0].id, west[1].id, middle.id],
      [east[0].id, east[1].id, sameInstant.id],
    ]);
    for (const h of a) for (const m of h.members) expect(metresBetween(h.anchor, m)).toBeLessThanOrEqual(HOTSPOT_RULE.radiusMetres);
  });

  it('orders hotspots largest first, among thousands of lone cases', () => {
    // 5000 places 120 m apart, one case each: none is a hotspot
    const many: HotspotCandidate[] = [];
    for (let i = 0; i < 5000; i++) many.push(report((i % 29) + 0.5, at((i % 100) * 120, Math.floor(i / 100) * 120)));
    expect(findHotspots(many, now)).toEqual([]);
    // four more at the first place (5 in all), three more at another (4 in all)
    for (let i = 0; i < 4; i++) many.push(report(0.1, at(3, i)));
    for (let i = 0; i < 3; i++) many.push(report(0.2, at(120 * 7 + i, 120 * 3)));
    const hs = findHotspots(many, now);
    expect(hs.map((h) => h.members.length)).toEqual([5, 4]);
    expect(hs[0].anchor).toBe(many[0]);
    expect(hs[1].anchor).toBe(many[307]);
  });
});
