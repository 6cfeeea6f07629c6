/**
 * 回放 (replay, issue #17): `/board?at=` shows the wall as it was — the board's own components with a frame and a
 * label nobody takes for live, the pins and feed of that moment, no live update applied — with a scrubber that plays
 * the day at ×60 and a way back to the live wall. The live wall's layout checks (layout.e2e.spec.ts: no spills, AA
 * contrast) at 1920×1080 in zh-CN and English; screenshots `replay-board-<lang>.png`.
 */
import type { Browser, Page } from 'playwright-core';
import type { GridCellView, OpenMap } from '@gridops/contracts';
import { ApiClient, cellMiddle } from './support/api';
import { WALL, launchBrowser, openAs, screenshot, withScreenshotsOnFailure, type Session } from './support/browser';
import { findLowContrast, findSpills } from './support/layout-checks';
import { startStack, type Stack } from './support/stack';
import { until } from './support/wait';

let stack: Stack;
let browser: Browser;
const sessions: Session[] = [];
let operator: ApiClient;
let before: { id: string; number: string };
let after: { id: string; number: string };
let moment: string;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  operator = await ApiClient.login(stack.url, 'operator');
  const cells = await operator.get<GridCellView[]>('/grid-cells');
  const cell = (code: string) => cells.find((c) => c.code === code) ?? cells[0];
  before = await operator.report({ source: 'hotline_12345', categoryCode: 'E0102', description: '回放之前 before the moment', location: cellMiddle(cell('xincheng-01')) });
  await operator.report({ source: 'patrol', categoryCode: 'C0101', description: '回放之前 before the moment 2', location: cellMiddle(cell('jinsha-02')) });
  // the moment replayed: after those two were answered, before the next is made (api and test share the clock)
  moment = new Date().toISOString();
  await until('the moment to pass', async () => Date.now(), (now) => now > Date.parse(moment) + 20);
  after = await operator.report({ source: 'hotline_12345', categoryCode: 'E0102', description: '回放之后 after the moment', location: cellMiddle(cell('xincheng-02')) });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const step = (name: string, body: () => Promise<void>) => test(name, () => withScreenshotsOnFailure(name, sessions, body));

const pinShown = (page: Page, id: string) =>
  page.evaluate((caseId) => (window as unknown as { __gridopsBoard: { locatePin(id: string): unknown } }).__gridopsBoard.locatePin(caseId) !== null, id);

async function openReplay(lang: 'zh-CN' | 'en'): Promise<Page> {
  const s = await openAs(browser, stack.url, 'lead', WALL, { bypassCSP: true });
  sessions.push(s);
  await s.page.evaluate((l) => localStorage.setItem('gridops.lang', l), lang);
  await s.page.goto(`/board?at=${encodeURIComponent(moment)}`);
  await s.page.getByTestId('replay-clock').waitFor();
  await s.page.getByTestId('kpi-strip').waitFor();
  await until('the map to draw its pins', () => s.page.getByTestId('board-map').getAttribute('data-pins'), (n) => Number(n) > 0);
  await s.page.getByTestId('feed-entry').first().waitFor();
  return s.page;
}

for (const lang of ['zh-CN', 'en'] as const) {
  step(`the replayed wall (${lang}): framed and labelled 回放, the pins and feed of the moment, nothing spills and all text has AA contrast (the live wall's checks)`, async () => {
    const page = await openReplay(lang);
    await expect(page.getByTestId('board').getAttribute('data-replay')).resolves.toBe(moment);
    await expect(page.getByTestId('replay-clock').innerText()).resolves.toMatch(lang === 'en' ? /REPLAY/ : /回放/);
    // the frame: an orange border round the whole wall
    const frame = await page.getByTestId('board').evaluate((el) => getComputedStyle(el, '::after').borderTopColor);
    expect(frame).toBe('rgb(255, 165, 79)');
    await page.getByTestId('replay-bar').waitFor();
    await expect(page.getByTestId('live-state').count()).resolves.toBe(0);

    // what the api says of that moment, pin for pin
    const map = await operator.get<OpenMap>(`/cases/open-map?at=${encodeURIComponent(moment)}`);
    await expect(page.getByTestId('board-map').getAttribute('data-pins')).resolves.toBe(String(map.total));
    await expect(pinShown(page, before.id)).resolves.toBe(true);
    await expect(pinShown(page, after.id)).resolves.toBe(false);
    const feed = await page.getByTestId('live-feed').innerText();
    expect(feed).toContain(before.number);
    expect(feed).not.toContain(after.number);

    await screenshot(page, `replay-board-${lang}`);
    const spills = await findSpills(page, { scrollAllowed: false });
    const contrast = await findLowContrast(page);
    expect({ spills, contrast }).toEqual({ spills: [], contrast: [] });
  });
}

step('no live update reaches a replayed wall; the scrubber plays at ×60 and pauses; back to live drops the frame', async () => {
  const page = await openReplay('zh-CN');
  const live = await openAs(browser, stack.url, 'operator', WALL);
  sessions.push(live);
  await live.page.goto('/board');
  await live.page.getByTestId('kpi-strip').waitFor();
  const fresh = await operator.report({ source: 'hotline_12345', categoryCode: 'E0102', description: '回放期间上报 reported during the replay', location: cellMiddle((await operator.get<GridCellView[]>('/grid-cells'))[0]) });
  // the live wall shows it; the replayed one, open all the while, does not
  await until('the live wall to show the new report', () => live.page.getByTestId('live-feed').innerText(), (t) => t.includes(fresh.number));
  await expect(pinShown(page, fresh.id)).resolves.toBe(false);
  await expect(page.getByTestId('live-feed').innerText()).resolves.not.toContain(fresh.number);

  // play: the moment moves a minute a second; the moment here is a minute or two back, so it reaches now and pauses
  const at0 = Date.parse((await page.getByTestId('board').getAttribute('data-replay')) as string);
  await page.getByTestId('replay-play').click();
  await expect(page.getByTestId('replay-play').getAttribute('aria-pressed')).resolves.toBe('true');
  await until('the replay to reach now and pause', () => page.getByTestId('replay-play').getAttribute('aria-pressed'), (p) => p === 'false');
  const reached = Date.parse((await page.getByTestId('board').getAttribute('data-replay')) as string);
  expect(reached).toBeGreaterThan(at0);
  // the wall shows that moment: the report made during the replay is on it now
  await until('the replayed wall to reach the new report', () => pinShown(page, fresh.id), (shown) => shown);
  await expect(page.getByTestId('replay-clock').count()).resolves.toBe(1);

  await page.getByTestId('replay-live').click();
  await page.getByTestId('live-state').first().waitFor();
  await expect(page.getByTestId('board').getAttribute('data-replay')).resolves.toBeNull();
  await expect(page.getByTestId('replay-bar').count()).resolves.toBe(0);
  await until('the live wall to show the new report', () => page.getByTestId('live-feed').innerText(), (t) => t.includes(fresh.number));
});
