import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { TOWN_TIME_ZONE } from '@gridops/domain';

/** Debian's Chromium (never a downloaded one), with the flags that keep it quiet on a build machine. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Test artifacts (git-ignored); docs/screenshots holds the copies the README shows. */
export const SCREENSHOTS = path.resolve(__dirname, '../screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface Viewport {
  width: number;
  height: number;
}
export const WALL: Viewport = { width: 1920, height: 1080 };
export const DESKTOP: Viewport = { width: 1440, height: 900 };
export const PHONE: Viewport = { width: 375, height: 812 };

export const DEMO_PASSWORD = 'gridops-demo';

/**
 * One person signed in: their own browser context (own storage = own login). Every page opened in it records
 * uncaught page errors into `errors`, so a test can assert there were none.
 */
export interface Session {
  username: string;
  context: BrowserContext;
  /** the page they signed in on */
  page: Page;
  errors: string[];
  /** what the pages wrote to the console as errors (failed requests included): reported, not asserted */
  consoleErrors: string[];
  /** another window of the same person (same login), e.g. the desk beside the wall board */
  newPage(viewport: Viewport): Promise<Page>;
}

function watch(page: Page, username: string, errors: string[], consoleErrors: string[]): void {
  page.on('pageerror', (e) => errors.push(`${username} ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${username} ${page.url()}: ${m.text()}`);
  });
}

/** Sign in through the login page, the way a person does, and wait until the app has routed them home. */
export async function openAs(browser: Browser, baseUrl: string, username: string, viewport: Viewport, extra: BrowserContextOptions = {}): Promise<Session> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl, locale: 'zh-CN', timezoneId: TOWN_TIME_ZONE, ...extra });
  // generous: a 2-core CI machine may be running other suites at the same time
  context.setDefaultTimeout(30_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  watch(page, username, errors, consoleErrors);
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return {
    username,
    context,
    page,
    errors,
    consoleErrors,
    async newPage(v: Viewport) {
      const p = await context.newPage();
      await p.setViewportSize(v);
      watch(p, username, errors, consoleErrors);
      return p;
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Run a test body; when it fails, screenshot every page of every session (`failed-<test>-<user>-<n>.png`) before
 * passing the failure on, so a red run on CI shows what the screens looked like.
 */
export async function withScreenshotsOnFailure(name: string, sessions: readonly Session[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    const slug = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40).replace(/-+$/, '');
    for (const s of sessions) {
      for (const [i, p] of s.context.pages().entries()) {
        await screenshot(p, `failed-${slug}-${s.username}-${i}`).catch(() => undefined);
      }
    }
    throw err;
  }
}
