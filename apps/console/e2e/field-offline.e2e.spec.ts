/**
 * The grid worker's phone reopened without coverage (#15 item 13), in Chromium against the product as `npm start`
 * runs it (375×812, zh-CN):
 *
 *  1. Online, the worker's tasks load; the phone saves them (IndexedDB `gridops-field-cache`, under the worker's id)
 *     with each open task's file and photos (Cache Storage `gridops-field-photos`).
 *  2. The network is cut and the page RELOADED: the tasks, a task's details and its photo still show, with the notice
 *     "离线 · 显示 hh:mm 保存的任务" — nothing of it comes from the network.
 *  3. The worker signs out; another worker of the same 片区 signs in on the same browser: the first one's tasks,
 *     files and photos are gone from the phone, and a reload without coverage shows the second one's own (empty)
 *     lists, never the first one's.
 */
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import type { CaseSummary, CategoryView, GridCellView, UserView } from '@gridops/contracts';
import { townDateOf } from '@gridops/domain';
import { ApiClient, cellMiddle } from './support/api';
import { DEMO_PASSWORD, PHONE, launchBrowser, openAs, screenshot, withScreenshotsOnFailure, type Session } from './support/browser';
import { findLowContrast, findSpills } from './support/layout-checks';
import { startStack, type Stack } from './support/stack';
import { until } from './support/wait';

const WORKER = 'worker.xincheng';
const NEXT_WORKER = 'worker2.xincheng';

let stack: Stack;
let browser: Browser;
const sessions: Session[] = [];
let operator: ApiClient;
let phone: Page;
let task: CaseSummary;
let users: UserView[];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  operator = await ApiClient.login(stack.url, 'operator');
  const lead = await ApiClient.login(stack.url, 'lead');
  const cells = await operator.get<GridCellView[]>('/grid-cells');
  users = await operator.get<UserView[]>('/users');
  const worker = users.find((u) => u.username === WORKER) as UserView;
  // the worker alone on duty in their 片区 today, so the pipeline dispatches the patrol report to them
  const xincheng = cells.filter((c) => c.districtCode === 'xincheng');
  await lead.request('PUT', `/duty-roster/${townDateOf(new Date())}`, { cells: xincheng.map((c) => ({ gridCellCode: c.code, userIds: [worker.id] })) });
  // a report with a photo, dispatched to the worker
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#2f6f4f"/><text x="30" y="80" font-size="48" font-family="sans-serif" fill="#fff">井盖缺失</text></svg>`;
  const photo = await operator.upload(await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer(), 'report');
  const category = (await operator.get<CategoryView[]>('/categories')).find((c) => c.active && !c.needsUnit) as CategoryView;
  const created = await operator.report({
    source: 'patrol', categoryCode: category.code, description: '人行道井盖缺失，已临时围挡', location: cellMiddle(xincheng[0]), attachmentIds: [photo.id],
  });
  const view = await until(`${created.number} to be dispatched`, () => operator.caseView(created.id), (v) => v.case.state === 'DISPATCHED', 30_000);
  expect(view.attachments.map((a) => a.id)).toEqual([photo.id]);
  task = view.case;
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const step = (name: string, body: () => Promise<void>) => test(name, () => withScreenshotsOnFailure(name, sessions, body));
const card = (page: Page, number: string) => page.locator(`[data-testid="task-card"][data-number="${number}"]`);

/** the saved snapshots on the phone: whose, and whether they hold the case number */
function savedSnapshots(page: Page, number: string): Promise<{ userId: string; holds: boolean }[]> {
  return page.evaluate(async (n) => {
    // never create the database from here (the app makes its store on first open)
    if (!(await indexedDB.databases()).some((d) => d.name === 'gridops-field-cache')) return [];
    return new Promise((resolve, reject) => {
      const open = indexedDB.open('gridops-field-cache');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const get = db.transaction('snapshots').objectStore('snapshots').getAll();
        get.onsuccess = () => {
          resolve((get.result as { userId: string; state: unknown }[]).map((s) => ({ userId: s.userId, holds: JSON.stringify(s.state).includes(n) })));
          db.close();
        };
      };
    });
  }, number);
}

/** the paths of the photos saved on the phone */
const savedPhotos = (page: Page) =>
  page.evaluate(async () => ((await caches.has('gridops-field-photos')) ? (await (await caches.open('gridops-field-photos')).keys()).map((r) => new URL(r.url).pathname) : []));

const idOf = (username: string) => (users.find((u) => u.username === username) as UserView).id;

step('online: the tasks, the open task files and their photos are saved on the phone for this worker', async () => {
  const s = await openAs(browser, stack.url, WORKER, PHONE);
  sessions.push(s);
  phone = s.page;
  await card(phone, task.number).waitFor();
  // the app's code on the phone (the service worker), for the reload without coverage
  await phone.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 60_000 });
  const photo = (await operator.caseView(task.id)).attachments[0];
  await until('the task to be saved for the worker', () => savedSnapshots(phone, task.number), (l) => l.length === 1 && l[0].userId === idOf(WORKER) && l[0].holds);
  await until('its photo and thumbnail to be saved', () => savedPhotos(phone), (p) => p.includes(`/api/v1/attachments/${photo.id}`) && p.includes(`/api/v1/attachments/${photo.id}/thumb`));
  expect(await phone.getByTestId('offline-notice').count()).toBe(0);
});

step('offline and reloaded: the saved tasks, a task file and its photo show, with the offline notice', async () => {
  await phone.context().setOffline(true);
  const fromNetwork: string[] = [];
  phone.on('requestfailed', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) fromNetwork.push(r.url());
  });
  await phone.reload();
  await card(phone, task.number).waitFor();
  const notice = phone.getByTestId('offline-notice');
  expect(await notice.innerText()).toMatch(/^离线 · 显示 \d{2}:\d{2} 保存的任务$/);
  expect(await phone.getByTestId('live-state').getAttribute('data-state')).not.toBe('live');
  expect(await findSpills(phone, { scrollAllowed: false })).toEqual([]);
  await screenshot(phone, 'field-offline-tasks');

  await card(phone, task.number).click();
  const detail = phone.getByTestId('task-detail');
  await detail.waitFor();
  expect(await detail.innerText()).toContain('人行道井盖缺失，已临时围挡');
  expect(await detail.getByTestId('offline-notice').innerText()).toMatch(/^离线 · 显示 \d{2}:\d{2} 保存的任务详情$/);
  // the photo from the phone's copy (an object URL), decoded
  const img = phone.getByTestId('photo-gallery').locator('img').first();
  await until('the saved photo to show', () => img.evaluate((e: HTMLImageElement) => ({ src: e.src, w: e.complete ? e.naturalWidth : 0 })), (v) => v.src.startsWith('blob:') && v.w > 0);
  await screenshot(phone, 'field-offline-task');
  await phone.getByTestId('photo-gallery').scrollIntoViewIfNeeded();
  await screenshot(phone, 'field-offline-task-photo');
  // in English too
  await phone.getByTestId('nav-me').click();
  await phone.getByTestId('language-switch').click();
  await phone.getByTestId('nav-tasks').click();
  expect(await phone.getByTestId('offline-notice').innerText()).toMatch(/^Offline · showing tasks saved at \d{2}:\d{2}$/);
  expect(await findSpills(phone, { scrollAllowed: false })).toEqual([]);
  await screenshot(phone, 'field-offline-tasks-en');
  await phone.getByTestId('nav-me').click();
  await phone.getByTestId('language-switch').click();
  // nothing was on its way to the api meanwhile (queries wait while offline instead of failing)
  expect(fromNetwork).toEqual([]);
});

step('a second worker on the same browser sees none of the first one’s tasks, online or offline', async () => {
  await phone.context().setOffline(false);
  await phone.goto('/field/me');
  await phone.getByTestId('logout').click();
  await phone.waitForURL((u) => u.pathname.startsWith('/login'));
  // sign-out cleared what the phone saved
  expect(await savedSnapshots(phone, task.number)).toEqual([]);
  expect(await savedPhotos(phone)).toEqual([]);

  await phone.getByTestId('login-username').fill(NEXT_WORKER);
  await phone.getByTestId('login-password').fill(DEMO_PASSWORD);
  await phone.getByTestId('login-submit').click();
  // back to where the sign-out left (/field/me), then to the tasks
  await phone.waitForURL((u) => u.pathname.startsWith('/field'));
  await phone.getByTestId('nav-tasks').click();
  await phone.getByTestId('task-empty').waitFor();
  await until('the second worker’s lists to be saved', () => savedSnapshots(phone, task.number), (l) => l.length === 1 && l[0].userId === idOf(NEXT_WORKER));
  expect((await savedSnapshots(phone, task.number))[0].holds).toBe(false);

  await phone.context().setOffline(true);
  await phone.reload();
  await phone.getByTestId('offline-notice').waitFor();
  expect(await card(phone, task.number).count()).toBe(0);
  await phone.goto(`/field/tasks/${task.id}`);
  await phone.getByText('任务加载失败').waitFor();
  expect(await phone.getByTestId('task-detail').count()).toBe(0);
  await phone.context().setOffline(false);
});

step('the offline notice passes the contrast check', async () => {
  const s = await openAs(browser, stack.url, WORKER, PHONE, { bypassCSP: true });
  sessions.push(s);
  await card(s.page, task.number).waitFor();
  await s.page.context().setOffline(true);
  await s.page.getByTestId('offline-notice').waitFor();
  expect(await findLowContrast(s.page)).toEqual([]);
  await s.page.context().setOffline(false);
});

test('no page errors', () => {
  const logged = sessions.flatMap((s) => s.consoleErrors);
  if (logged.length) console.warn(`console errors (not failing the test):\n${logged.join('\n')}`);
  expect(sessions.flatMap((s) => s.errors)).toEqual([]);
});
