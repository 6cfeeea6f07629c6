/**
 * 视频AI in the console (issue 18 part 3): the video platform's doubtful detections wait on the desk's 视频AI确认
 * screen with their snapshot; an operator rejects one as a false alarm (quick reason) and confirms another, which
 * becomes a case; the decided lists show both; the admin's 视频AI tab shows the cameras with their rejection rate and
 * the thresholds. Both screens pass the layout checks (nothing spills, AA contrast) in zh-CN and English at 1440×900.
 *
 * Screenshots: e2e-video-queue-<lang>.png, e2e-video-reject.png, e2e-video-decided.png, e2e-admin-cameras-<lang>.png.
 */
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import type { DetectionBatchResult, DetectionView } from '@gridops/contracts';
import { ApiClient } from './support/api';
import { DESKTOP, launchBrowser, openAs, screenshot, withScreenshotsOnFailure, type Session } from './support/browser';
import { findLowContrast, findSpills } from './support/layout-checks';
import { startStack, type Stack } from './support/stack';
import { until } from './support/wait';

let stack: Stack;
let browser: Browser;
const sessions: Session[] = [];
let pending: string[] = [];

/** a small street-like frame: sky, a wall, pavement and a coloured block where the problem is */
async function snapshot(colour: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <rect width="320" height="80" fill="#a8c8ea"/><rect y="80" width="320" height="70" fill="#b8ad9c"/>
    <rect y="150" width="320" height="90" fill="#7b7b80"/><rect x="120" y="170" width="90" height="40" fill="${colour}"/></svg>`;
  return (await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer()).toString('base64');
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const now = Date.now();
  const detections = [
    { eventId: 'e2e-1', cameraId: 'SP-XC-001', categoryCode: 'E0102', confidence: 0.62, colour: '#3d7a2a' },
    { eventId: 'e2e-2', cameraId: 'SP-JS-001', categoryCode: 'E0506', confidence: 0.55, colour: '#c0392b' },
    { eventId: 'e2e-3', cameraId: 'SP-MC-002', categoryCode: 'E0504', confidence: 0.71, colour: '#d68910' },
    { eventId: 'e2e-4', cameraId: 'SP-NJ-001', categoryCode: 'E0507', confidence: 0.93, colour: '#7d3c98' },
  ];
  const body = {
    platform: 'e2e-video',
    detections: await Promise.all(
      detections.map(async ({ colour, ...d }, i) => ({ ...d, detectedAt: new Date(now - (10 - i) * 60_000).toISOString(), snapshot: await snapshot(colour), message: '视频AI识别' })),
    ),
  };
  const res = await fetch(`${stack.url}/api/v1/ingest/video`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'demo-video-key' }, body: JSON.stringify(body) });
  const result = (await res.json()) as DetectionBatchResult;
  expect(result.results.map((r) => r.outcome)).toEqual(['pending_confirmation', 'pending_confirmation', 'pending_confirmation', 'filed']);
  pending = result.results.slice(0, 3).map((r) => r.detectionId as string);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const step = (name: string, body: () => Promise<void>) => test(name, () => withScreenshotsOnFailure(name, sessions, body));

async function signIn(username: string, lang: 'zh-CN' | 'en'): Promise<Session> {
  const s = await openAs(browser, stack.url, username, DESKTOP, { bypassCSP: true });
  sessions.push(s);
  await s.page.evaluate((l) => localStorage.setItem('gridops.lang', l), lang);
  return s;
}

const rows = (page: Page) => page.locator('[data-testid=video-page] .ant-table-row');
const noSpinner = (page: Page) => until('the spinners to stop', () => page.locator('.ant-spin-spinning').count(), (n) => n === 0);
/** every snapshot thumbnail on the page has loaded */
const thumbsLoaded = (page: Page) =>
  until('the snapshots to load', () => page.locator('[data-testid=video-page] img').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)), Boolean);

for (const lang of ['zh-CN', 'en'] as const) {
  step(`the confirmation queue (${lang}): waiting detections with snapshot, camera, category and confidence; nothing spills, AA contrast`, async () => {
    const s = await signIn('operator', lang);
    await s.page.goto('/video');
    await until('three waiting detections', () => rows(s.page).count(), (n) => n === 3);
    await thumbsLoaded(s.page);
    await noSpinner(s.page);
    const first = await rows(s.page).first().innerText();
    expect(first).toContain('SP-XC-001');
    expect(first).toContain('62%');
    expect(first).toContain(lang === 'zh-CN' ? '暴露垃圾' : 'Exposed rubbish');
    await screenshot(s.page, `e2e-video-queue-${lang}`);
    expect({ spills: await findSpills(s.page, { scrollAllowed: true }), contrast: await findLowContrast(s.page) }).toEqual({ spills: [], contrast: [] });
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
}

step('an operator rejects one as a false alarm and confirms another, which becomes a case', async () => {
  const s = await signIn('operator', 'zh-CN');
  const page = s.page;
  await page.goto('/video');
  await until('three waiting detections', () => rows(page).count(), (n) => n === 3);
  // reject the 金沙 one with a quick reason
  await rows(page).filter({ hasText: 'SP-JS-001' }).getByRole('button', { name: /^误\s?报$/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('阴影或反光误识别').click();
  await screenshot(page, 'e2e-video-reject');
  await dialog.getByRole('button', { name: /^误\s?报$/ }).click();
  await until('the rejected one to leave the queue', () => rows(page).count(), (n) => n === 2);
  // confirm the 新城 one
  await rows(page).filter({ hasText: 'SP-XC-001' }).getByRole('button', { name: '确认立案' }).click();
  await until('the confirmed one to leave the queue', () => rows(page).count(), (n) => n === 1);

  const api = await ApiClient.login(stack.url, 'operator');
  const rejected = await api.get<DetectionView>(`/video/detections/${pending[1]}`);
  expect(rejected).toMatchObject({ status: 'rejected', reason: '阴影或反光误识别', case: null });
  const confirmed = await api.get<DetectionView>(`/video/detections/${pending[0]}`);
  expect(confirmed.status).toBe('confirmed');
  const view = await api.caseView(confirmed.case?.id ?? '');
  expect(view.case).toMatchObject({ source: 'video_ai', categoryCode: 'E0102' });

  // the decided lists
  await page.getByTestId('video-status').getByText('误报驳回').click();
  await until('the rejected list', () => rows(page).count(), (n) => n === 1);
  await expect(rows(page).first().innerText()).resolves.toContain('阴影或反光误识别');
  await page.getByTestId('video-status').getByText('确认立案').click();
  await until('the confirmed list', () => rows(page).filter({ hasText: confirmed.case?.number ?? '?' }).count(), (n) => n === 1);
  await thumbsLoaded(page);
  await screenshot(page, 'e2e-video-decided');
  expect(s.errors).toEqual([]);
  await s.context.close();
});

for (const lang of ['zh-CN', 'en'] as const) {
  step(`the admin's cameras tab (${lang}): registry with rejection rate, thresholds; nothing spills, AA contrast`, async () => {
    const s = await signIn('admin', lang);
    await s.page.goto('/admin/cameras');
    await s.page.locator('.ant-table-row').filter({ hasText: 'SP-JS-001' }).waitFor();
    await noSpinner(s.page);
    // SP-JS-001's one decided detection was rejected
    await expect(s.page.locator('.ant-table-row').filter({ hasText: 'SP-JS-001' }).innerText()).resolves.toContain('100%');
    await screenshot(s.page, `e2e-admin-cameras-${lang}`);
    expect({ spills: await findSpills(s.page, { scrollAllowed: true }), contrast: await findLowContrast(s.page) }).toEqual({ spills: [], contrast: [] });
    expect(s.errors).toEqual([]);
    await s.context.close();
  });
}
