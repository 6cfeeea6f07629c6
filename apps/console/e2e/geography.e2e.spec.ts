/**
 * 系统管理 → 地理底图 in a real browser against the running product: an admin uploads a broken map and reads the
 * dry run's findings per feature (zh-CN and English, nothing spills, AA contrast), then the good v2 map
 * (apps/api/test/fixtures/geography), applies it and sees the version; the desk's next report lands in a new cell.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { GridCellView } from '@gridops/contracts';
import { ApiClient, cellMiddle } from './support/api';
import { DESKTOP, launchBrowser, openAs, screenshot, withScreenshotsOnFailure, type Session } from './support/browser';
import { findLowContrast, findSpills } from './support/layout-checks';
import { startStack, type Stack } from './support/stack';
import { until } from './support/wait';

const V2 = readFileSync(path.resolve(__dirname, '../../api/test/fixtures/geography/changzheng-v2.geojson'));

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

const step = (name: string, body: () => Promise<void>) => test(name, () => withScreenshotsOnFailure(name, sessions, body));

/** the v2 map with one cell's ring left open and another swollen over its neighbour */
function brokenMap(): Buffer {
  const fc = JSON.parse(V2.toString('utf8')) as { features: { properties: { code: string }; geometry: { coordinates: number[][][] } }[] };
  const byCode = (code: string) => fc.features.find((f) => f.properties.code === code)!;
  byCode('jinsha-01').geometry.coordinates[0].pop();
  byCode('xincheng-12').geometry.coordinates[0] = byCode('xincheng-12').geometry.coordinates[0].map(([lng, lat]) => [Math.round((lng - 0.001) * 1e6) / 1e6, lat]);
  return Buffer.from(JSON.stringify(fc));
}

async function choose(page: Page, name: string, data: Buffer): Promise<void> {
  await page.getByTestId('geography-admin').locator('input[type=file]').setInputFiles({ name, mimeType: 'application/geo+json', buffer: data });
}

let admin: Session;

step('an admin dry-runs a broken map: findings per feature, no apply; the screen holds in zh-CN and English', async () => {
  admin = await openAs(browser, stack.url, 'admin', DESKTOP, { bypassCSP: true });
  sessions.push(admin);
  const { page } = admin;
  await page.goto('/admin/geography');
  await page.getByTestId('geography-versions').getByText('示意底图').waitFor();

  await choose(page, 'broken.geojson', brokenMap());
  await page.getByTestId('geography-dry-run').click();
  const report = page.getByTestId('geography-report');
  await report.getByText('不能应用').waitFor();
  await report.getByText('边界环未闭合').waitFor();
  await report.getByText(/网格 xincheng-11 与 xincheng-12 重叠/).waitFor();
  expect(await page.getByTestId('geography-apply').isDisabled()).toBe(true);
  // the pointer leaves the button it clicked (its hover colour is not the screen at rest)
  await page.mouse.move(0, 0);
  await screenshot(page, 'e2e-geography-dry-run');
  expect({ spills: await findSpills(page, { scrollAllowed: true }), contrast: await findLowContrast(page) }).toEqual({ spills: [], contrast: [] });

  // English: the same findings in the server's words
  await page.evaluate(() => localStorage.setItem('gridops.lang', 'en'));
  await page.reload();
  await page.getByTestId('geography-versions').getByText('schematic map').waitFor();
  await choose(page, 'broken.geojson', brokenMap());
  await page.getByTestId('geography-dry-run').click();
  await page.getByTestId('geography-report').getByText(/cannot be applied/).waitFor();
  await page.getByTestId('geography-report').getByText(/cells xincheng-11 and xincheng-12 overlap/).waitFor();
  await page.mouse.move(0, 0);
  await screenshot(page, 'e2e-geography-dry-run-en');
  expect({ spills: await findSpills(page, { scrollAllowed: true }), contrast: await findLowContrast(page) }).toEqual({ spills: [], contrast: [] });
  await page.evaluate(() => localStorage.setItem('gridops.lang', 'zh-CN'));
  await page.reload();
});

step('the admin applies the v2 map: the version shows, and the next report is placed in a new cell', async () => {
  const { page } = admin;
  await page.getByTestId('geography-admin').waitFor();
  await choose(page, 'changzheng-v2.geojson', V2);
  await page.getByTestId('geography-dry-run').click();
  const report = page.getByTestId('geography-report');
  await report.getByText('检查通过，可以应用').waitFor();
  await report.getByText('将停用的网格（已有案件保留）').waitFor();
  await page.getByTestId('geography-apply').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
  await page.getByTestId('geography-versions').getByText('当前：第 1 版').waitFor();
  await until('the report to clear', () => report.count(), (n) => n === 0);
  await page.getByTestId('geography-versions').locator('.ant-table-row').filter({ hasText: 'changzheng-v2.geojson' }).waitFor();
  await screenshot(page, 'e2e-geography-applied');

  const operator = await ApiClient.login(stack.url, 'operator');
  const cells = await operator.get<GridCellView[]>('/grid-cells?district=xincheng');
  expect(cells.map((c) => c.code)).toEqual(['xincheng-11', 'xincheng-12']);
  const placed = await operator.report({ source: 'hotline_12345', categoryCode: 'E0102', description: '新底图上的上报 / a report on the new map', location: cellMiddle(cells[0]) });
  expect(placed.gridCellCode).toBe('xincheng-11');
  expect(admin.errors).toEqual([]);
});
