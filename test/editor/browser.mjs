// Headless Chromium from the system (apt), driven by playwright-core; never Playwright's own download.
import { chromium } from 'playwright-core';
import { chromiumPath } from './harness.mjs';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launches Chromium with a fresh profile (Playwright makes and removes a temporary one) and opens
 * one page. Playwright kills it on close and on exit; if this process dies, Chromium's debugging
 * pipe closes and it exits on its own.
 * @param {{ viewport?: { width: number, height: number } }} [options]
 */
export async function openBrowser({ viewport = { width: 1280, height: 800 } } = {}) {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: FLAGS, timeout: 60_000 });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  let closing;
  const close = () => {
    closing ??= browser.close().catch(() => {});
    return closing;
  };
  return { browser, page, close };
}
