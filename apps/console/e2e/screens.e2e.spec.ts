/**
 * Smoke test of the other screens, in a real browser against the running product: admin's tabs, analytics with
 * its trend chart, the 12345 import page, the language switch, and the phone layout for a grid worker.
 */
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, PHONE, launchBrowser, openAs, screenshot, withScreenshotsOnFailure, type Session } from './support/browser';
import { startStack, type Stack } from './support/stack';
import { until } from './support/wait';
import { QUEUE_NAMES } from '@gridops/contracts';

let stack: Stack;
let browser: Browser;
const sessions: Session[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** a test whose failure leaves screenshots of every open page */
const step = (name: string, body: () => Promise<void>) => test(name, () => withScreenshotsOnFailure(name, sessions, body));

async function signIn(username: string, viewport: typeof DESKTOP): Promise<Session> {
  const s = await openAs(browser, stack.url, username, viewport);
  sessions.push(s);
  return s;
}

const activePanel = (page: Page) => page.getByRole('tabpanel').filter({ visible: true });

/** the active tab's panel has finished loading: no spinner, no error */
async function panelReady(page: Page): Promise<void> {
  const panel = activePanel(page);
  await panel.locator('.ant-table').first().waitFor();
  await until('the tab to load', () => panel.locator('.ant-spin-spinning').count(), (n) => n === 0);
  expect(await panel.locator('.ant-alert-error').count()).toBe(0);
}

const nav = (page: Page, name: string) => page.locator('.app-header').getByRole('link', { name, exact: true });

step('admin: every tab renders, the users table lists the grid workers', async () => {
  const { page } = await signIn('admin', DESKTOP);
  expect(new URL(page.url()).pathname).toBe('/admin'); // admins land on admin
  await page.getByTestId('admin-page').waitFor();

  const tabs = { users: '用户与角色', categories: '案件类别与时限', roster: '值班表', calendar: '工作日历', apiKeys: 'API 密钥', devices: '物联设备', cameras: '视频AI', addresses: '标准地址库', queues: '处理队列', geography: '地理底图' };
  for (const [key, label] of Object.entries(tabs)) {
    await page.getByRole('tab', { name: label, exact: true }).click();
    await page.waitForURL((u) => key === 'users' ? /^\/admin(\/users)?$/.test(u.pathname) : u.pathname === `/admin/${key}`);
    await panelReady(page).catch((e: Error) => {
      throw new Error(`admin tab ${key}: ${e.message}`);
    });
    if (key === 'users') {
      await activePanel(page).locator('.ant-table-row').filter({ hasText: 'worker.xincheng' }).waitFor();
      await screenshot(page, 'e2e-admin-users');
    }
    if (key === 'addresses') {
      await activePanel(page).locator('.ant-table-row').first().waitFor();
      await screenshot(page, 'e2e-admin-addresses');
    }
    if (key === 'categories') await activePanel(page).locator('.ant-table-row').filter({ hasText: '暴露垃圾' }).first().waitFor();
    // the figures behind the wall board's pipeline light: one row per queue of the catalogue
    if (key === 'cameras') await activePanel(page).locator('.ant-table-row').filter({ hasText: 'SP-XC-001' }).waitFor();
    if (key === 'queues') await until(`the ${QUEUE_NAMES.length} queues`, () => activePanel(page).locator('.ant-table-row').count(), (n) => n === QUEUE_NAMES.length);
  }
});

step('analytics renders with the trend chart; the 12345 import page renders', async () => {
  const { page } = sessions[0];
  await nav(page, '统计考核').click();
  await page.waitForURL('**/analytics');
  await page.getByTestId('analytics-page').waitFor();
  const chart = page.getByTestId('trend-chart');
  await chart.locator('canvas, svg').first().waitFor();
  const box = await chart.boundingBox();
  expect(box?.height).toBeGreaterThan(200);
  await screenshot(page, 'e2e-analytics');

  await nav(page, '12345导入').click();
  await page.waitForURL('**/import');
  await page.getByTestId('import-page').waitFor();
  await page.getByTestId('import-pick').waitFor();
});

step('the language switch turns the navigation into English and back', async () => {
  const { page } = sessions[0];
  await nav(page, '系统管理').waitFor();
  await page.getByTestId('language-switch').click();
  await nav(page, 'Admin').waitFor();
  await nav(page, 'Analytics').waitFor();
  expect(await nav(page, '系统管理').count()).toBe(0);
  await expect(page.getByTestId('language-switch').innerText()).resolves.toContain('中文');

  await page.getByTestId('language-switch').click();
  await nav(page, '系统管理').waitFor();
  await nav(page, '统计考核').waitFor();
  expect(await nav(page, 'Admin').count()).toBe(0);
});

step('a grid worker signing in on a phone lands on their task list', async () => {
  const { page } = await signIn('worker.jinsha', PHONE);
  expect(new URL(page.url()).pathname).toBe('/field');
  await page.getByTestId('field-app').waitFor();
  await page.getByTestId('tab-accept').waitFor();
  await page.getByTestId('nav-report').waitFor();
  // a phone layout: nothing wider than the screen
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
});

step('the wall board on a laptop screen (1280×800): the same layout, smaller — title, pipeline light and legend do not overlap', async () => {
  const { page } = await signIn('lead', { width: 1280, height: 800 });
  await page.goto('/board');
  await page.getByTestId('map-legend').waitFor();
  // the pipeline light turns on with the worker's first queue figures (every 5 s)
  await until('the pipeline light', () => page.getByTestId('queue-health').getAttribute('data-health'), (h) => h === 'ok' || h === 'degraded');
  const boxes = async (selector: string) =>
    (await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number })));
  type Box = Awaited<ReturnType<typeof boxes>>[number];
  const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  // what the title shows (its text may overflow a squeezed box, so the box's children are measured)
  const title = await boxes('[data-testid=map-breadcrumb] > *');
  expect(title.length).toBeGreaterThan(0);
  for (const item of await boxes('[data-testid=map-legend] .board-legend-item')) for (const part of title) expect(overlap(part, item)).toBe(false);
  const light = await boxes('[data-testid=queue-health]');
  expect(light).toHaveLength(1);
  for (const part of title) expect(overlap(part, light[0])).toBe(false);
  for (const item of await boxes('[data-testid=map-legend] .board-legend-item')) expect(overlap(light[0], item)).toBe(false);
});

test('no page errors in any session', () => {
  expect(sessions.map((s) => s.username)).toEqual(['admin', 'worker.jinsha', 'lead']);
  const logged = sessions.flatMap((s) => s.consoleErrors);
  if (logged.length) console.warn(`console errors (not failing the test):\n${logged.join('\n')}`);
  expect(sessions.flatMap((s) => s.errors)).toEqual([]);
});
