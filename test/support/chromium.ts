/**
 * Debian's Chromium (/usr/bin/chromium) driven by playwright-core for the dashboard's browser tests:
 * one browser per file, pages of their own (logged in as an account, or not), screenshots under test-artifacts/dashboard/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve('test-artifacts/dashboard');

export function useChromium(baseUrl: () => string, password: string) {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    // CI installs Chromium (.ci/run); without it these tests must fail, not skip.
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });
  /** A page of its own (own cookies), not logged in; downloads allowed. */
  const newPage = async (viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    contexts.push(context);
    return context.newPage();
  };
  const login = async (page: Page, username: string, secret = password): Promise<void> => {
    await page.goto(`${baseUrl()}/dashboard/login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', secret);
    await page.click('button[type=submit]');
  };
  const loggedIn = async (username: string, viewport?: { width: number; height: number }): Promise<Page> => {
    const page = await newPage(viewport);
    await login(page, username);
    await page.waitForURL(`${baseUrl()}/dashboard`);
    return page;
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  return { newPage, login, loggedIn, shot };
}
