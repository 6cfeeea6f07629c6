/**
 * Seed working calendar: office hours plus China's public holidays and adjusted workdays (调休上班).
 * Admins edit the table in the app (domain.md §5); this only pre-fills it.
 *
 * 2026 — OFFICIAL. 国务院办公厅关于2026年部分节假日安排的通知, dated 2025-11-04 (Xinhua, 2025-11-04):
 *   元旦 1/1–1/3, work Sun 1/4 · 春节 2/15–2/23, work Sat 2/14 and Sat 2/28 · 清明 4/4–4/6 ·
 *   劳动节 5/1–5/5, work Sat 5/9 · 端午 6/19–6/21 · 中秋 9/25–9/27 · 国庆 10/1–10/7, work Sun 9/20 and Sat 10/10.
 *   Every day of each published break is listed, weekend days included.
 *
 * 2027 — INCOMPLETE, ADMIN MUST COMPLETE. The State Council's 2027 notice (usually published in November of the
 * year before) could not be found when this seed was written. Listed are only the STATUTORY days fixed by
 * 全国年节及纪念日放假办法 (as amended 2024, in force from 2025): 元旦 1 day, 春节 4 days (除夕 + 正月初一–初三),
 * 清明 1, 劳动节 2 (5/1–5/2), 端午 1, 中秋 1, 国庆 3 (10/1–10/3). Lunar dates were computed (new moons in Beijing
 * time): 春节 2027-02-06 — the new moon falls at about 23:56 Beijing time on 02-06, so some software (e.g. ICU)
 * says 02-07; 02-06 follows the official rule, but CHECK it against the notice. 清明 2027-04-05, 端午 2027-06-09,
 * 中秋 2027-09-15. Missing until an admin adds them from the notice: the bridging days off (调休), the make-up
 * days for statutory days falling on a weekend, and every 2027 adjusted workday.
 */

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDaySeed {
  /** 'YYYY-MM-DD', local date in Asia/Shanghai */
  date: string;
  /** holiday: day off even Mon–Fri; workday: 调休上班, a workday even on a weekend */
  kind: CalendarDayKind;
  nameZh: string;
  nameEn: string;
}

export interface CalendarSeed {
  workdayStart: '08:30';
  workdayEnd: '17:30';
  /** 0 = Sunday … 6 = Saturday */
  weekendDays: [0, 6];
  days: CalendarDaySeed[];
}

const FESTIVALS = {
  newYear: { zh: '元旦', en: "New Year's Day" },
  springFestival: { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  labourDay: { zh: '劳动节', en: 'Labour Day' },
  dragonBoat: { zh: '端午节', en: 'Dragon Boat Festival' },
  midAutumn: { zh: '中秋节', en: 'Mid-Autumn Festival' },
  nationalDay: { zh: '国庆节', en: 'National Day' },
} as const;

type Festival = keyof typeof FESTIVALS;

function holidays(festival: Festival, ...dates: string[]): CalendarDaySeed[] {
  const f = FESTIVALS[festival];
  return dates.map((date) => ({ date, kind: 'holiday', nameZh: f.zh, nameEn: f.en }));
}

function workdays(festival: Festival, ...dates: string[]): CalendarDaySeed[] {
  const f = FESTIVALS[festival];
  return dates.map((date) => ({
    date,
    kind: 'workday',
    nameZh: `${f.zh}调休上班`,
    nameEn: `${f.en} adjusted workday`,
  }));
}

/** Every date from `first` to `last` inclusive ('YYYY-MM-DD'). */
function range(first: string, last: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${last}T00:00:00Z`);
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

const DAYS_2026: CalendarDaySeed[] = [
  ...holidays('newYear', ...range('2026-01-01', '2026-01-03')),
  ...workdays('newYear', '2026-01-04'),
  ...workdays('springFestival', '2026-02-14'),
  ...holidays('springFestival', ...range('2026-02-15', '2026-02-23')),
  ...workdays('springFestival', '2026-02-28'),
  ...holidays('qingming', ...range('2026-04-04', '2026-04-06')),
  ...holidays('labourDay', ...range('2026-05-01', '2026-05-05')),
  ...workdays('labourDay', '2026-05-09'),
  ...holidays('dragonBoat', ...range('2026-06-19', '2026-06-21')),
  ...workdays('nationalDay', '2026-09-20'),
  ...holidays('midAutumn', ...range('2026-09-25', '2026-09-27')),
  ...holidays('nationalDay', ...range('2026-10-01', '2026-10-07')),
  ...workdays('nationalDay', '2026-10-10'),
];

/** Statutory days only — see the header: the 2027 调休 arrangement must be added from the State Council notice. */
const DAYS_2027_STATUTORY: CalendarDaySeed[] = [
  ...holidays('newYear', '2027-01-01'), // Fri
  ...holidays('springFestival', ...range('2027-02-05', '2027-02-08')), // 除夕 Fri … 初三 Mon (初一 = 02-06, verify)
  ...holidays('qingming', '2027-04-05'), // Mon
  ...holidays('labourDay', '2027-05-01', '2027-05-02'), // Sat, Sun: make-up days unknown
  ...holidays('dragonBoat', '2027-06-09'), // Wed
  ...holidays('midAutumn', '2027-09-15'), // Wed
  ...holidays('nationalDay', ...range('2027-10-01', '2027-10-03')), // Fri–Sun: make-up days unknown
];

export const CALENDAR_SEED: CalendarSeed = {
  workdayStart: '08:30',
  workdayEnd: '17:30',
  weekendDays: [0, 6],
  days: [...DAYS_2026, ...DAYS_2027_STATUTORY],
};
