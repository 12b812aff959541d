// Typed access to the editor harness in test/editor (plain .mjs, loaded with import()) and the
// skip rule every editor test shares.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const EDITOR_DIR = path.join(REPO_ROOT, 'test', 'editor');
export const EXAMPLES = path.join(REPO_ROOT, 'examples');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const LAUNCHER = path.join(EDITOR_DIR, 'code-launcher.mjs');

export interface Missing {
  why: string;
  fix: string;
}

export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export interface CodeServer {
  url: string;
  port: number;
  profile: Profile;
  stop(): Promise<void>;
  log(): string;
}

export interface Browser {
  page: Page;
  close(): Promise<void>;
}

interface HarnessModule {
  missingPrerequisites(options?: { browser?: boolean }): Missing[];
  describeMissing(missing: Missing[]): string;
  ensureHarness(options?: { log?: (line: string) => void }): Promise<void>;
}

interface CodeServerModule {
  makeProfile(given?: { userDataDir?: string; extensionsDir?: string }): Profile;
  installVsix(vsix: string, profile: Profile): string;
  startCodeServer(options: { folder?: string; port?: number; profile?: Profile; output?: (text: string) => void }): Promise<CodeServer>;
}

interface BrowserModule {
  openBrowser(options?: { viewport?: { width: number; height: number } }): Promise<Browser>;
}

async function load<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(path.join(EDITOR_DIR, file)).href)) as T;
}

export const harness = (): Promise<HarnessModule> => load<HarnessModule>('harness.mjs');
export const codeServer = (): Promise<CodeServerModule> => load<CodeServerModule>('code-server.mjs');
export const browser = (): Promise<BrowserModule> => load<BrowserModule>('browser.mjs');

/**
 * True when the editor tiers can run here, after installing the harness on first use. Otherwise
 * the test is skipped with the reason and the fix; under CI=true a missing prerequisite fails it.
 */
export async function editorReady(t: TestContext): Promise<boolean> {
  const h = await harness();
  const missing = h.missingPrerequisites();
  if (missing.length > 0) {
    const why = h.describeMissing(missing);
    if (process.env.CI === 'true') assert.fail(`cannot run the editor tiers: ${why} (CI=true: they must run, not skip)`);
    const message = `SKIPPED: ${why}`;
    console.log(message);
    t.skip(message);
    return false;
  }
  await h.ensureHarness({ log: (line) => console.log(line) });
  return true;
}

/** Where a test's screenshot goes; the folder is gitignored. */
export function screenshotPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return path.join(RESULTS_DIR, `${name}.png`);
}

const VSIX = path.join(REPO_ROOT, 'iam-irsa.vsix');

/** dist/'s bundles (extension.js, server.js, cli.js) change with every build; its data does not. */
function newestBundle(dist: string): number {
  return readdirSync(dist)
    .filter((name) => name.endsWith('.js'))
    .reduce((newest, name) => Math.max(newest, statSync(path.join(dist, name)).mtimeMs), 0);
}

/** The .vsix a user would install: reused when it is newer than the build, else packaged anew. */
export function packagedExtension(): string {
  const dist = path.join(REPO_ROOT, 'dist');
  if (existsSync(VSIX) && existsSync(dist) && statSync(VSIX).mtimeMs > newestBundle(dist)) return VSIX;
  const result = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `npm run package failed:\n${result.stdout}${result.stderr}`);
  return VSIX;
}

/** Quick Open sometimes ignores the first Control+P while the workbench is still starting. */
export async function quickOpen(page: Page, query: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; !(await input.isVisible()); attempt++) {
    assert.ok(attempt < 40, 'Quick Open did not show after 40 Control+P');
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: 500 }).catch(() => {});
  }
  await input.fill(query);
  // Enter before ripgrep has listed the file would open nothing.
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(query) })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/**
 * What a user has after installing the packaged .vsix: a fresh profile, code-server on `folder` and a
 * Chromium page showing its workbench. Everything is stopped (and the profile removed) after the test.
 */
export async function openWorkbench(t: TestContext, folder: string): Promise<Page> {
  const vsix = packagedExtension();
  const { makeProfile, installVsix, startCodeServer } = await codeServer();
  const profile = makeProfile();
  let server: CodeServer | undefined;
  let chromium: Browser | undefined;
  t.after(async () => {
    await chromium?.close();
    if (server) await server.stop();
    else profile.remove();
  });
  installVsix(vsix, profile);
  server = await startCodeServer({ folder, profile });
  chromium = await (await browser()).openBrowser({ viewport: { width: 1280, height: 800 } });
  const { page } = chromium;
  await page.goto(`${server.url}?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}
