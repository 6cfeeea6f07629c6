import { BURST_PROBLEMS, BurstSchedule } from './burst';
import { seededRng } from './random';

const MIN = 60_000;
const settings = { firstMinutes: 5, everyMinutes: 180, size: 12, spanMinutes: 40 };
const everything = () => true;

/** Every report of the bursts due in the first `minutes`, ticking every 3 s as the runner does. */
function run(schedule: BurstSchedule, minutes: number, usable: (p: (typeof BURST_PROBLEMS)[number]) => boolean = everything) {
  const reports: { at: number; district: string; categoryCode: string }[] = [];
  for (let t = 0; t <= minutes * MIN; t += 3000) {
    const d = schedule.due(t, usable);
    if (d) for (let i = 0; i < d.due; i++) reports.push({ at: t, district: d.burst.district, categoryCode: d.burst.categoryCode });
  }
  return reports;
}

describe('bursts', () => {
  it('files the first burst in the first quarter hour: all its reports of one problem within its span', () => {
    const reports = run(new BurstSchedule(settings, 0, seededRng(1)), 60);
    expect(reports).toHaveLength(12);
    expect(new Set(reports.map((r) => `${r.district}/${r.categoryCode}`))).toEqual(new Set(['jinsha/E0102']));
    expect(reports[0].at).toBeGreaterThanOrEqual(5 * MIN);
    expect(reports[0].at).toBeLessThan(15 * MIN);
    expect(reports[11].at).toBeLessThanOrEqual(45 * MIN + 3000);
  });

  it('comes back every few hours with the next problem in turn, skipping those nobody can handle', () => {
    const reports = run(new BurstSchedule(settings, 0, seededRng(2)), 7 * 60, (p) => p.district !== 'meichuan');
    const problems = [...new Set(reports.map((r) => `${r.district}/${r.categoryCode}`))];
    expect(problems).toEqual(['jinsha/E0102', 'xincheng/E0902', 'nujiang/E0302']);
    expect(reports).toHaveLength(36);
  });

  it('never bursts when switched off', () => {
    expect(run(new BurstSchedule({ ...settings, firstMinutes: null }, 0, seededRng(3)), 600)).toEqual([]);
  });
});
