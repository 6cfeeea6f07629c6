/**
 * 高发点位 in a real browser against the running product: three reports of one category at one place make a
 * hotspot; the shift lead finds it in the analytics screen's hotspot list (1440×900), opens its 专项 case with the
 * button, and the case files show the link both ways; the wall board (1920×1080) draws its ring and counts it.
 */
import type { Browser } from 'playwright-core';
import type { GridCellView } from '@gridops/contracts';
import { ApiClient, cellMiddle } from './support/api';
import { DESKTOP, WALL, launchBrowser, openAs, screenshot, withScreenshotsOnFailure, type Session } from './support/browser';
import { startStack, type Stack } from './support/stack';
import { until } from './support/wait';

let stack: Stack;
let browser: Browser;
const sessions: Session[] = [];
const repeats: { id: string; number: string }[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const operator = await ApiClient.login(stack.url, 'operator');
  const cells = await operator.get<GridCellView[]>('/grid-cells');
  const at = cellMiddle(cells.find((c) => c.code === 'jinsha-02') ?? cells[0]);
  for (const north of [0, 15, 30]) {
    const c = await operator.report({ source: 'hotline_12345', categoryCode: 'E0102', description: `高发点位 e2e ${north}`, location: { lat: at.lat + north / 110_540, lng: at.lng } });
    repeats.push({ id: c.id, number: c.number });
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const step = (name: string, body: () => Promise<void>) => test(name, () => withScreenshotsOnFailure(name, sessions, body));

async function signIn(username: string, viewport: typeof DESKTOP): Promise<Session> {
  const s = await openAs(browser, stack.url, username, viewport);
  sessions.push(s);
  return s;
}

step('the shift lead opens one 专项 case from the hotspot list; the case files link it both ways', async () => {
  const { page } = await signIn('lead', DESKTOP);
  await page.goto('/analytics');
  const list = page.getByTestId('hotspot-list');
  const row = list.locator('.ant-table-row').filter({ hasText: repeats[0].number });
  await row.waitFor();
  for (const r of repeats) expect(await row.innerText()).toContain(r.number);
  await row.getByTestId('hotspot-open-special').click();
  const special = row.getByTestId('hotspot-special');
  await special.waitFor();
  const specialNumber = (await special.innerText()).split(' ')[0];
  expect(specialNumber).toMatch(/^CZ-\d{8}-\d{4}$/);
  expect(repeats.map((r) => r.number)).not.toContain(specialNumber);
  await row.scrollIntoViewIfNeeded();
  await screenshot(page, 'e2e-hotspots');

  // the 专项 case's file lists the repeats; a repeat's file names the 专项 case
  await special.click();
  const links = page.getByTestId('case-links');
  await links.waitFor();
  for (const r of repeats) await links.getByRole('link', { name: r.number }).waitFor();
  await screenshot(page, 'e2e-hotspot-special-file');
  await links.getByRole('link', { name: repeats[1].number }).click();
  await until('the repeat’s file', () => page.getByTestId('case-file').getAttribute('data-case-id'), (id) => id === repeats[1].id);
  await page.getByTestId('case-links').getByRole('link', { name: specialNumber }).waitFor();
});

step('the wall board draws the hotspot as a ring and counts it in the legend', async () => {
  const { page } = await signIn('lead', WALL);
  await page.goto('/board');
  await until('the ring', () => page.getByTestId('board-map').getAttribute('data-hotspots'), (n) => n === '1');
  expect(await page.getByTestId('legend-hotspots').innerText()).toMatch(/1$/);
  await screenshot(page, 'e2e-board-hotspot');
});

test('no page errors', () => {
  expect(sessions.flatMap((s) => s.errors)).toEqual([]);
});
