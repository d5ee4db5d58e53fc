/**
 * Debian's Chromium (/usr/bin/chromium) driven by playwright-core for the dashboard's browser tests:
 * one browser per file, a page logged in as an account, screenshots under test-artifacts/dashboard/.
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
  const loggedIn = async (username: string, viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/dashboard/login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${baseUrl()}/dashboard`);
    return page;
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  return { loggedIn, shot };
}
