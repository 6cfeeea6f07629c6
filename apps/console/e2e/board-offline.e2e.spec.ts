/**
 * A quiet board loses its network (issue 15, item 12): reports made while it is offline must reach it when it is
 * back — whether or not it had received a live event before. What it started from (the open map, the lists, the
 * figures) carries the seq it was read at, and the live client resumes from there.
 *
 * Offline is the browser's own (`context.setOffline`: requests fail) plus the live socket dropped: the test routes
 * the socket.io websocket through Playwright so it can close it, and refuses new ones while offline.
 */
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
import type { GridCellView } from '@gridops/contracts';
import { ApiClient, cellMiddle } from './support/api';
import { WALL, launchBrowser, openAs, screenshot, withScreenshotsOnFailure, type Session } from './support/browser';
import { startStack, type Stack } from './support/stack';
import { until } from './support/wait';

let stack: Stack;
let browser: Browser;
let session: Session;
let board: Page;
let operator: ApiClient;
let cell: GridCellView;
let offline = false;
const sockets: WebSocketRoute[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  operator = await ApiClient.login(stack.url, 'operator');
  const cells = await operator.get<GridCellView[]>('/grid-cells');
  cell = cells.find((c) => c.code === 'xincheng-02') ?? cells[0];
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const step = (name: string, body: () => Promise<void>) => test(name, () => withScreenshotsOnFailure(name, session ? [session] : [], body));

const liveState = () => board.getByTestId('live-state').first().getAttribute('data-state');
const eventsSeen = () => board.evaluate(() => (window as unknown as { __gridopsBoard: { eventsReceived: number } }).__gridopsBoard.eventsReceived);
const pinShown = (id: string) => board.evaluate((caseId) => (window as unknown as { __gridopsBoard: { locatePin(id: string): unknown } }).__gridopsBoard.locatePin(caseId) !== null, id);
const feedText = () => board.getByTestId('live-feed').innerText();

async function goOffline(): Promise<void> {
  offline = true;
  await session.context.setOffline(true);
  for (const ws of sockets.splice(0)) await ws.close().catch(() => undefined);
  await until('the board to notice', liveState, (s) => s === 'reconnecting' || s === 'stale');
}

async function goOnline(): Promise<void> {
  offline = false;
  await session.context.setOffline(false);
  await until('the board to be live again', liveState, (s) => s === 'live', 60_000);
}

const report = (n: number) =>
  operator.report({ source: 'hotline_12345', categoryCode: 'E0102', description: `断网期间上报 reported while the board was offline ${n}`, location: cellMiddle(cell) });

step('the board opens on a quiet town and has received no live event', async () => {
  session = await openAs(browser, stack.url, 'lead', WALL);
  board = session.page;
  // the live socket, through the test: closed when the test takes the board offline, refused while it is
  await board.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (offline) return void ws.close();
    ws.connectToServer();
    sockets.push(ws);
  });
  await board.goto('/board');
  await until('the map', () => board.getByTestId('board-map').getAttribute('data-pins'), (n) => n !== null);
  await until('the live socket', liveState, (s) => s === 'live');
  expect(await eventsSeen()).toBe(0);
});

step('offline before any event: the reports made meanwhile reach the map and the feed once it is back', async () => {
  await goOffline();
  const made = [await report(1), await report(2)];
  await goOnline();
  for (const c of made) {
    await until(`the pin of ${c.number}`, () => pinShown(c.id), (shown) => shown);
    await until(`the feed line of ${c.number}`, feedText, (text) => text.includes(c.number));
  }
  await screenshot(board, 'board-after-offline');
});

step('offline after a live event: the same', async () => {
  const seen = await report(3);
  await until('the live event on the map', () => pinShown(seen.id), (shown) => shown);
  expect(await eventsSeen()).toBeGreaterThan(0);
  await goOffline();
  const made = await report(4);
  await goOnline();
  await until(`the pin of ${made.number}`, () => pinShown(made.id), (shown) => shown);
  await until(`the feed line of ${made.number}`, feedText, (text) => text.includes(made.number));
});

test('no page errors', () => {
  expect(session?.errors ?? []).toEqual([]);
});
