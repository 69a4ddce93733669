/**
 * A real browser for the docs-site tests: Debian's chromium driven by playwright-core
 * (nothing downloaded; .ci/run installs the package). Every console error or page error
 * fails the test that opened the page.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './cli.js';

export const CHROMIUM = process.env['KILN_CHROMIUM'] ?? '/usr/bin/chromium';
/** Screenshots the tests take, kept as CI artifacts. */
export const SCREENSHOTS = join(repoRoot, 'test-results', 'docs-site');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set KILN_CHROMIUM`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--enable-precise-memory-info'] });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and warnings, and uncaught page errors, seen so far. */
  problems: string[];
}

export async function openPage(browser: Browser, url: string): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { kilnDocs?: { ready?: boolean } }).kilnDocs?.ready === true);
  return { page, problems };
}

/** Wait until the app has rendered `route` (it sets window.kilnDocs.route after each render). */
export async function waitForRoute(page: Page, prefix: string): Promise<void> {
  await page.waitForFunction((p) => String((window as unknown as { kilnDocs?: { route?: string } }).kilnDocs?.route ?? '').startsWith(p), prefix);
}
