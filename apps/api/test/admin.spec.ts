import { DataSource } from 'typeorm';
import type { BoardStats, CalendarDayResult, CalendarYearView, DutyRosterView, ManagedUserView, RosterDay, TokenPair } from '@gridops/contracts';
import { townDateOf } from '@gridops/domain';
import { CalendarService } from '@gridops/server';
import { startTestApp, type TestApp } from './support/test-app';
import { createCase, must, sampleInteriorPoint, userId } from './support/fixtures';
import { loginFrom, outcome } from './support/access-helpers';

/** Administration over HTTP: users and roles, the duty roster (值班表), the working calendar (工作日历). */
describe('administration', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string, operator: string, lead: string, supervisor: string, wx: string;
  let adminId: string;
  let address = 0;
  /** each login from its own address: login is limited to 10 a minute per address */
  const login = (username: string, password: string) => loginFrom(t, `10.66.0.${++address}`, username, password);

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    [admin, operator, lead, supervisor, wx] = await Promise.all(['admin', 'operator', 'lead', 'supervisor', 'worker.xincheng'].map((u) => t.login(u)));
    adminId = await userId(t, 'admin');
  });
  afterAll(() => t.close());

  const today = () => townDateOf(new Date());
  const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  describe('users', () => {
    const newUser = (over: Record<string, unknown> = {}) => ({
      username: `grid.${Math.random().toString(36).slice(2, 8)}`,
      displayName: '钱多多',
      role: 'grid_worker',
      districtCode: 'nujiang',
      password: 'a-long-password-1',
      ...over,
    });

    it('creates a user who can log in with the initial password, stored only as a hash', async () => {
      const body = newUser({ phone: '10000000099' });
      const res = await t.request<ManagedUserView>('POST', '/api/v1/users', { token: admin, body });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ username: body.username, displayName: '钱多多', role: 'grid_worker', districtCode: 'nujiang', unitCode: null, active: true, phone: '10000000099' });
      expect(JSON.stringify(res.body)).not.toContain('a-long-password-1');
      const [{ password_hash }] = await ds.query(`SELECT password_hash FROM users WHERE id = $1`, [res.body.id]);
      expect(password_hash).toMatch(/^\$argon2id\$/);
      expect((await login(body.username, 'a-long-password-1')).status).toBe(200);
      expect((await t.request<ManagedUserView>('GET', `/api/v1/users/${res.body.id}`, { token: admin })).body).toEqual(res.body);
      // the desk's user list has them
      const list = await t.request<{ id: string }[]>('GET', '/api/v1/users', { token: operator });
      expect(list.body.map((u) => u.id)).toContain(res.body.id);
    });

    it('refuses bad users with 400, a taken name with 409 and an unknown unit with 422', async () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['short password', newUser({ password: 'short-9ch' }), '400 VALIDATION_FAILED'],
        ['grid worker without 片区', newUser({ districtCode: null }), '400 VALIDATION_FAILED'],
        ['unit staff without unit', newUser({ role: 'unit_staff', districtCode: null }), '400 VALIDATION_FAILED'],
        ['unit staff with a 片区', newUser({ role: 'unit_staff', unitCode: 'shirong' }), '400 VALIDATION_FAILED'],
        ['operator with a unit', newUser({ role: 'operator', districtCode: null, unitCode: 'shirong' }), '400 VALIDATION_FAILED'],
        ['admin bound to a 片区', newUser({ role: 'admin' }), '400 VALIDATION_FAILED'],
        ['unknown role', newUser({ role: 'mayor' }), '400 VALIDATION_FAILED'],
        ['bad username', newUser({ username: 'Has Spaces' }), '400 VALIDATION_FAILED'],
        ['extra field', newUser({ isRoot: true }), '400 VALIDATION_FAILED'],
        ['taken username', newUser({ username: 'operator' }), '409 CONFLICT'],
        ['unknown unit', newUser({ role: 'unit_staff', districtCode: null, unitCode: 'nosuchunit' }), '422 UNKNOWN_UNIT'],
      ];
      const actual: Record<string, string> = {};
      for (const [name, body] of cases) actual[name] = outcome(await t.request('POST', '/api/v1/users', { token: admin, body }));
      expect(actual).toEqual(Object.fromEntries(cases.map(([name, , expected]) => [name, expected])));
      expect(outcome(await t.request('POST', '/api/v1/users', { token: admin }))).toBe('400 VALIDATION_FAILED');
    });

    it('lets only admins create, read and edit users', async () => {
      for (const token of [operator, lead, supervisor, wx]) {
        expect(outcome(await t.request('POST', '/api/v1/users', { token, body: newUser() }))).toBe('403 FORBIDDEN');
        expect(outcome(await t.request('PATCH', `/api/v1/users/${adminId}`, { token, body: { displayName: '篡改' } }))).toBe('403 FORBIDDEN');
        expect(outcome(await t.request('GET', `/api/v1/users/${adminId}`, { token }))).toBe('403 FORBIDDEN');
      }
    });

    it('edits name, role and binding; deactivation and a password reset sign the user out', async () => {
      const body = newUser();
      const created = (await t.request<ManagedUserView>('POST', '/api/v1/users', { token: admin, body })).body;
      const first = await login(body.username, body.password);
      expect(first.status).toBe(200);
      const patch = (b: unknown) => t.request<ManagedUserView>('PATCH', `/api/v1/users/${created.id}`, { token: admin, body: b });

      expect((await patch({ displayName: '钱多多二' })).body).toMatchObject({ displayName: '钱多多二', role: 'grid_worker' });
      // a name change alone keeps the refresh token
      expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } })).status).toBe(200);
      // binding is checked on the merged record
      expect(outcome(await patch({ districtCode: null }))).toBe('400 VALIDATION_FAILED');
      expect(outcome(await patch({ role: 'unit_staff' }))).toBe('400 VALIDATION_FAILED');
      const moved = await patch({ role: 'operator', districtCode: null });
      expect(moved.body).toMatchObject({ role: 'operator', districtCode: null });
      expect(outcome(await patch({}))).toBe('400 VALIDATION_FAILED');
      expect(outcome(await patch({ password: 'short' }))).toBe('400 VALIDATION_FAILED');

      // a new password: the old one and old refresh tokens stop working
      const second = await login(body.username, body.password);
      expect((await patch({ password: 'another-long-password' })).status).toBe(200);
      expect((await login(body.username, body.password)).status).toBe(401);
      expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } })).status).toBe(401);
      const third = await login(body.username, 'another-long-password');
      expect(third.status).toBe(200);

      // deactivated: no login, no refresh
      expect((await patch({ active: false })).body.active).toBe(false);
      expect((await login(body.username, 'another-long-password')).status).toBe(401);
      expect((await t.request<TokenPair>('POST', '/api/v1/auth/refresh', { body: { refreshToken: third.body.refreshToken } })).status).toBe(401);
      expect((await patch({ active: true })).body.active).toBe(true);
      expect((await login(body.username, 'another-long-password')).status).toBe(200);
    });

    it('does not let an admin deactivate themself or drop their own role', async () => {
      const self = (b: unknown) => t.request('PATCH', `/api/v1/users/${adminId}`, { token: admin, body: b });
      expect(outcome(await self({ active: false }))).toBe('422 SELF_LOCKOUT');
      expect(outcome(await self({ role: 'operator' }))).toBe('422 SELF_LOCKOUT');
      expect(outcome(await self({ displayName: '王磊' }))).toBe('200');
      const [{ active, role }] = await ds.query(`SELECT active, role FROM users WHERE id = $1`, [adminId]);
      expect({ active, role }).toEqual({ active: true, role: 'admin' });
    });

    it('answers 404 for an unknown or malformed user id', async () => {
      expect(outcome(await t.request('PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000', { token: admin, body: { displayName: 'x' } }))).toBe('404 NOT_FOUND');
      expect(outcome(await t.request('PATCH', '/api/v1/users/not-a-uuid', { token: admin, body: { displayName: 'x' } }))).toBe('404 NOT_FOUND');
      expect(outcome(await t.request('GET', '/api/v1/users/not-a-uuid', { token: admin }))).toBe('404 NOT_FOUND');
    });
  });

  describe('duty roster', () => {
    const put = (token: string, date: string, body: unknown) => t.request<RosterDay>('PUT', `/api/v1/duty-roster/${date}`, { token, body });
    const read = (token: string, query: string) => t.request<DutyRosterView>('GET', `/api/v1/duty-roster?${query}`, { token });
    const names = (day: RosterDay, cell: string) => found(day.cells.find((c) => c.gridCellCode === cell)).workers.map((w) => w.displayName).sort();

    it('is read by the desk and planned by admins and shift leads', async () => {
      const q = `from=${today()}&to=${addDays(today(), 6)}`;
      for (const token of [admin, lead, operator, supervisor]) expect(outcome(await read(token, q))).toBe('200');
      expect(outcome(await read(wx, q))).toBe('403 FORBIDDEN');
      const week = (await read(operator, q)).body;
      expect(week.days).toHaveLength(7);
      expect(week.days[0].cells).toHaveLength(16);
      // the demo roster: both 新城 workers on duty in every 新城 cell
      expect(names(week.days[1], 'xincheng-01')).toEqual(['刘洋', '郑浩']);
      expect(outcome(await put(operator, addDays(today(), 1), { cells: [] }))).toBe('403 FORBIDDEN');
      expect(outcome(await put(supervisor, addDays(today(), 1), { cells: [] }))).toBe('403 FORBIDDEN');
    });

    /** a second shift lead, so a change of the day's lead is visible (the demo lead 李静 is on every day) */
    const secondLead = async () => {
      const res = await t.request<ManagedUserView>('POST', '/api/v1/users', {
        token: admin,
        body: { username: `lead.${Math.random().toString(36).slice(2, 8)}`, displayName: '孔明', role: 'shift_lead', password: 'a-long-password-2' },
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };

    it('sets a day: named cells are replaced, the others and the next day stay, the shift lead is recorded', async () => {
      const day = addDays(today(), 2);
      const [w2, leadId] = await Promise.all([userId(t, 'worker2.xincheng'), secondLead()]);
      const res = await put(lead, day, { shiftLeadUserId: leadId, cells: [{ gridCellCode: 'xincheng-01', userIds: [w2] }] });
      expect(res.status).toBe(200);
      expect(res.body.date).toBe(day);
      expect(res.body.shiftLead).toMatchObject({ userId: leadId, displayName: '孔明' });
      const dayStart = Date.parse(`${day}T00:00:00+08:00`);
      const cell = found(res.body.cells.find((c) => c.gridCellCode === 'xincheng-01'));
      // 郑浩 stays on duty: his shift runs through the whole day, unbroken
      expect(cell.workers.map((w) => w.displayName)).toEqual(['郑浩']);
      expect(Date.parse(cell.workers[0].startsAt)).toBeLessThanOrEqual(dayStart);
      expect(Date.parse(cell.workers[0].endsAt)).toBeGreaterThanOrEqual(dayStart + 86_400_000);
      expect(names(res.body, 'xincheng-02')).toEqual(['刘洋', '郑浩']);
      const around = (await read(operator, `from=${addDays(day, -1)}&to=${addDays(day, 1)}`)).body.days;
      expect(names(around[0], 'xincheng-01')).toEqual(['刘洋', '郑浩']);
      expect(names(around[2], 'xincheng-01')).toEqual(['刘洋', '郑浩']);
      expect(around[0].shiftLead?.displayName).toBe('李静');
      expect(around[1].shiftLead?.displayName).toBe('孔明');
      expect(around[2].shiftLead?.displayName).toBe('李静');

      // an empty list leaves the cell unstaffed; null clears the shift lead
      const cleared = await put(admin, day, { shiftLeadUserId: null, cells: [{ gridCellCode: 'xincheng-01', userIds: [] }] });
      expect(names(cleared.body, 'xincheng-01')).toEqual([]);
      expect(cleared.body.shiftLead).toBeNull();
    });

    it('takes effect now for today: dispatch and the board see the new roster, this morning stays on record', async () => {
      const w2 = await userId(t, 'worker2.meichuan');
      expect((await t.request<BoardStats>('GET', '/api/v1/stats/board', { token: operator })).body.duty.shiftLead?.displayName).toBe('李静');
      const leadId = await secondLead();
      const cells = ['meichuan-01', 'meichuan-02', 'meichuan-03', 'meichuan-04'].map((gridCellCode) => ({ gridCellCode, userIds: [w2] }));
      const res = await put(lead, today(), { shiftLeadUserId: leadId, cells });
      expect(res.status).toBe(200);
      const onDuty = (await ds.query(
        `SELECT DISTINCT u.username FROM duty_roster d JOIN users u ON u.id = d.user_id
          WHERE d.grid_cell_code LIKE 'meichuan-%' AND d.starts_at <= now() AND d.ends_at > now()`,
      )) as { username: string }[];
      expect(onDuty.map((r) => r.username)).toEqual(['worker2.meichuan']);
      // worker.meichuan's shift up to now is kept as a record of today; worker2.meichuan's goes on unbroken
      const cell = found(res.body.cells.find((c) => c.gridCellCode === 'meichuan-01'));
      const dayEnd = new Date(Date.parse(`${today()}T00:00:00+08:00`) + 86_400_000).toISOString();
      expect(cell.workers.map((w) => w.displayName).sort()).toEqual(['周婷', '许芳']);
      const kept = found(cell.workers.find((w) => w.displayName === '周婷'));
      expect(Date.parse(kept.endsAt)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(kept.endsAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(found(cell.workers.find((w) => w.displayName === '许芳')).endsAt)).toBeGreaterThanOrEqual(Date.parse(dayEnd));
      const board = (await t.request<BoardStats>('GET', '/api/v1/stats/board?district=meichuan', { token: operator })).body;
      expect(board.duty.shiftLead?.displayName).toBe('孔明');
      expect(board.duty.workers.map((w) => w.displayName)).toEqual(['许芳']);
    });

    it('lets a 片区-bound shift lead plan their own cells only, and not the town’s shift lead', async () => {
      const username = `lead.jinsha.${Math.random().toString(36).slice(2, 6)}`;
      const created = await t.request<ManagedUserView>('POST', '/api/v1/users', {
        token: admin,
        body: { username, displayName: '金沙值班长', role: 'shift_lead', districtCode: 'jinsha', password: 'a-long-password-3' },
      });
      expect(created.status).toBe(201);
      const token = (await login(username, 'a-long-password-3')).body.accessToken;
      const day = addDays(today(), 4);
      const [wj, wx2] = await Promise.all([userId(t, 'worker.jinsha'), userId(t, 'worker2.xincheng')]);
      expect(outcome(await put(token, day, { cells: [{ gridCellCode: 'xincheng-01', userIds: [wx2] }] }))).toBe('403 FORBIDDEN');
      expect(outcome(await put(token, day, { shiftLeadUserId: created.body.id }))).toBe('403 FORBIDDEN');
      const own = await put(token, day, { cells: [{ gridCellCode: 'jinsha-01', userIds: [wj] }] });
      expect(own.status).toBe(200);
      expect(own.body.cells.map((c) => c.gridCellCode)).toEqual(['jinsha-01', 'jinsha-02', 'jinsha-03', 'jinsha-04']);
      expect(names(own.body, 'jinsha-01')).toEqual(['赵丽']);
      expect(outcome(await read(token, `from=${day}&to=${day}&district=xincheng`))).toBe('403 FORBIDDEN');
      expect((await read(token, `from=${day}&to=${day}`)).body.district).toBe('jinsha');
    });

    it('refuses people who cannot stand that duty, unknown cells, past days and bad input', async () => {
      const [wj, unit, op, w2, inactive] = await Promise.all(['worker.jinsha', 'unit.shirong', 'operator', 'worker2.xincheng', 'worker.nujiang'].map((u) => userId(t, u)));
      await ds.query(`UPDATE users SET active = false WHERE id = $1`, [inactive]);
      const day = addDays(today(), 3);
      const cases: [string, string, unknown, string][] = [
        ['worker of another 片区', day, { cells: [{ gridCellCode: 'xincheng-01', userIds: [wj] }] }, '422 RULE_VIOLATION'],
        ['unit staff on grid duty', day, { cells: [{ gridCellCode: 'xincheng-01', userIds: [unit] }] }, '422 RULE_VIOLATION'],
        ['deactivated worker', day, { cells: [{ gridCellCode: 'nujiang-01', userIds: [inactive] }] }, '422 RULE_VIOLATION'],
        ['operator as shift lead', day, { shiftLeadUserId: op }, '422 RULE_VIOLATION'],
        ['unknown user', day, { cells: [{ gridCellCode: 'xincheng-01', userIds: ['00000000-0000-4000-8000-000000000000'] }] }, '422 UNKNOWN_USER'],
        ['unknown cell', day, { cells: [{ gridCellCode: 'xincheng-09', userIds: [w2] }] }, '422 UNKNOWN_GRID_CELL'],
        ['past day', addDays(today(), -1), { cells: [{ gridCellCode: 'xincheng-01', userIds: [w2] }] }, '422 RULE_VIOLATION'],
        ['too far ahead', addDays(today(), 400), { cells: [] }, '422 RULE_VIOLATION'],
        ['bad date', '2026-13-01', { cells: [] }, '400 VALIDATION_FAILED'],
        ['nothing to set', day, {}, '400 VALIDATION_FAILED'],
        ['a cell twice', day, { cells: [{ gridCellCode: 'xincheng-01', userIds: [] }, { gridCellCode: 'xincheng-01', userIds: [] }] }, '400 VALIDATION_FAILED'],
        ['a person twice', day, { cells: [{ gridCellCode: 'xincheng-01', userIds: [w2, w2] }] }, '400 VALIDATION_FAILED'],
        ['not a uuid', day, { cells: [{ gridCellCode: 'xincheng-01', userIds: ['w2'] }] }, '400 VALIDATION_FAILED'],
      ];
      const actual: Record<string, string> = {};
      for (const [name, date, body] of cases) actual[name] = outcome(await put(admin, date, body));
      expect(actual).toEqual(Object.fromEntries(cases.map(([name, , , expected]) => [name, expected])));
      // nothing changed by the refusals
      expect(names((await read(operator, `from=${day}&to=${day}`)).body.days[0], 'xincheng-01')).toEqual(['刘洋', '郑浩']);
      for (const q of ['from=2026-01-01', `from=${today()}&to=${addDays(today(), 62)}`, `from=${today()}&to=${addDays(today(), -1)}`, `from=${today()}&to=${today()}&district=x`]) {
        expect(`${q} ${outcome(await read(operator, q))}`).toBe(`${q} 400 VALIDATION_FAILED`);
      }
      await ds.query(`UPDATE users SET active = true WHERE id = $1`, [inactive]);
    });
  });

  describe('calendar', () => {
    const putDay = (token: string, date: string, body: unknown) => t.request<CalendarDayResult>('PUT', `/api/v1/calendar/days/${date}`, { token, body });

    it('lists a year with its holidays and adjusted workdays for everyone', async () => {
      const res = await t.request<CalendarYearView>('GET', '/api/v1/calendar?year=2026', { token: wx });
      expect(res.status).toBe(200);
      expect(res.body.settings).toEqual({ workdayStart: '08:30', workdayEnd: '17:30', weekendDays: [0, 6], utcOffsetMinutes: 480 });
      expect(res.body.days).toEqual(expect.arrayContaining([expect.objectContaining({ date: '2026-10-01', kind: 'holiday', nameZh: expect.stringContaining('国庆') })]));
      expect(res.body.days).toEqual(expect.arrayContaining([expect.objectContaining({ date: '2026-10-10', kind: 'workday' })]));
      expect(res.body.days.every((d) => d.date.startsWith('2026-'))).toBe(true);
      expect((await t.request<CalendarYearView>('GET', '/api/v1/calendar', { token: operator })).body.year).toBe(Number(today().slice(0, 4)));
      expect(outcome(await t.request('GET', '/api/v1/calendar?year=1900', { token: operator }))).toBe('400 VALIDATION_FAILED');
    });

    it('lets only admins edit, and checks the day', async () => {
      for (const token of [operator, lead, supervisor]) expect(outcome(await putDay(token, '2027-03-03', { kind: 'holiday', nameZh: '测试' }))).toBe('403 FORBIDDEN');
      expect(outcome(await putDay(admin, '2027-03-03', { kind: 'holiday' }))).toBe('400 VALIDATION_FAILED');
      expect(outcome(await putDay(admin, '2027-02-30', { kind: 'holiday', nameZh: '测试' }))).toBe('400 VALIDATION_FAILED');
      expect(outcome(await putDay(admin, '2027-03-03', { kind: 'weekend', nameZh: '测试' }))).toBe('400 VALIDATION_FAILED');
      // Wednesday 2027-03-03 is a workday already: an adjusted workday is a weekend day made a workday
      expect(outcome(await putDay(admin, '2027-03-03', { kind: 'workday', nameZh: '调休' }))).toBe('422 RULE_VIOLATION');
      const sat = await putDay(admin, '2027-03-06', { kind: 'workday', nameZh: '调休上班' });
      expect(sat.body).toEqual({ date: '2027-03-06', kind: 'workday', nameZh: '调休上班', nameEn: '调休上班', isWorkday: true });
      const wed = await putDay(admin, '2027-03-03', { kind: 'holiday', nameZh: '测试假日', nameEn: 'Test day' });
      expect(wed.body).toEqual({ date: '2027-03-03', kind: 'holiday', nameZh: '测试假日', nameEn: 'Test day', isWorkday: false });
      const year = (await t.request<CalendarYearView>('GET', '/api/v1/calendar?year=2027', { token: admin })).body;
      expect(year.days.filter((d) => d.date.startsWith('2027-03'))).toEqual([
        { date: '2027-03-03', kind: 'holiday', nameZh: '测试假日', nameEn: 'Test day' },
        { date: '2027-03-06', kind: 'workday', nameZh: '调休上班', nameEn: '调休上班' },
      ]);
      // back to normal: gone from the list, and a seeded holiday made normal stays normal
      expect((await putDay(admin, '2027-03-03', { kind: 'normal' })).body).toEqual({ date: '2027-03-03', kind: 'normal', nameZh: null, nameEn: null, isWorkday: true });
      expect((await putDay(admin, '2026-10-01', { kind: 'normal' })).body.isWorkday).toBe(true);
      const y2026 = (await t.request<CalendarYearView>('GET', '/api/v1/calendar?year=2026', { token: admin })).body;
      expect(y2026.days.map((d) => d.date)).not.toContain('2026-10-01');
      await putDay(admin, '2026-10-01', { kind: 'holiday', nameZh: '国庆节', nameEn: 'National Day' });
      await putDay(admin, '2027-03-06', { kind: 'normal' });
    });

    it('moves the deadline of the next dispatch past new holidays, in this process and in others', async () => {
      // another process's calendar, already warm
      const other = new CalendarService(ds);
      const otherBefore = await other.calendar();

      const dispatchOne = async () => {
        const c = await createCase(t, operator, { location: sampleInteriorPoint('nujiang-02'), categoryCode: 'C0305' }); // 1 working day
        await must(t, operator, c.id, 'register');
        await must(t, lead, c.id, 'file');
        return (await must(t, operator, c.id, 'dispatch', { assignee: { unitCode: 'shirong' } })).case;
      };
      const before = await dispatchOne();

      // today and the next three workdays become holidays
      const year = Number(today().slice(0, 4));
      const kept = new Map((await t.request<CalendarYearView>('GET', `/api/v1/calendar?year=${year}`, { token: admin })).body.days.map((d) => [d.date, d]));
      const next = (await t.request<CalendarYearView>('GET', `/api/v1/calendar?year=${year + 1}`, { token: admin })).body.days;
      for (const d of next) kept.set(d.date, d);
      const marked: string[] = [];
      for (let d = today(); marked.length < 4; d = addDays(d, 1)) {
        if (d === today() || otherBefore.isWorkday(d)) marked.push(d);
      }
      for (const d of marked) expect((await putDay(admin, d, { kind: 'holiday', nameZh: '临时假日' })).body.isWorkday).toBe(false);

      const after = await dispatchOne();
      const dueBefore = Date.parse(before.handlingDueAt as string);
      const dueAfter = Date.parse(after.handlingDueAt as string);
      expect(dueAfter - dueBefore).toBeGreaterThan(24 * 3600_000);
      const dueDate = townDateOf(dueAfter);
      expect(marked).not.toContain(dueDate);
      expect(dueDate > marked[marked.length - 1]).toBe(true);

      // the other process notices within a second (calendar_settings.revision)
      await new Promise((r) => setTimeout(r, 1100));
      expect((await other.calendar()).isWorkday(marked[1])).toBe(false);

      for (const d of marked) {
        const was = kept.get(d);
        await putDay(admin, d, was ? { kind: was.kind, nameZh: was.nameZh, nameEn: was.nameEn } : { kind: 'normal' });
      }
      await new Promise((r) => setTimeout(r, 1100));
      expect((await other.calendar()).isWorkday(marked[1])).toBe(otherBefore.isWorkday(marked[1]));
    });
  });
});

/** The item a test expects to be there: fails the test, not with a TypeError, when it is missing. */
function found<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected item not found');
  return value;
}
