// Typed access to the editor harness in test/editor (plain .mjs, loaded with import()) and the
// skip rule every editor test shares.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
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
