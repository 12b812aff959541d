// Runs test/exthost's mocha suite inside a real VS Code extension host, the way any extension does
// (@vscode/test-electron's runTests), with test/editor/code-launcher.mjs standing in for VS Code.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import type { ExtensionHostResult } from '../exthost/index';
import { EXAMPLES, LAUNCHER, REPO_ROOT, editorReady, screenshotPath } from './editor';

// The first run installs code-server (about a minute); later runs take seconds.
test('the extension-host suite passes in VS Code 1.100 (code-server)', { timeout: 10 * 60_000 }, async (t) => {
  if (!(await editorReady(t))) return;
  const scratch = mkdtempSync(path.join(tmpdir(), 'iam-irsa-exthost-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const resultsFile = path.join(scratch, 'results.json');
  // The tests edit files, and VS Code saves what a workspace edit changes: they get a copy.
  const workspace = path.join(scratch, 'examples');
  cpSync(EXAMPLES, workspace, { recursive: true });

  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: LAUNCHER,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'exthost', 'index.js'),
      // Fresh profile folders rather than test-electron's default .vscode-test/ in the repo.
      launchArgs: [workspace, `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
      // Also read by the launcher, which test-electron starts with this environment.
      extensionTestsEnv: { IAM_IRSA_EXTHOST_RESULTS: resultsFile, IAM_IRSA_LAUNCHER_SCREENSHOT: screenshotPath('extension-host') },
    });
  } catch (error) {
    // runTests rejects on a non-zero exit; the per-test results below say which test failed.
    exitCode = (error as { code?: number }).code ?? 1;
  }

  let results: ExtensionHostResult[] = [];
  try {
    results = JSON.parse(readFileSync(resultsFile, 'utf8')) as ExtensionHostResult[];
  } catch {
    assert.fail(`the extension host wrote no results (launcher exit code ${exitCode}); see its output above`);
  }
  // One node:test subtest per mocha test, so `npm test` counts them.
  for (const result of results) {
    await t.test(result.title, { skip: result.state === 'pending' }, () => {
      if (result.state !== 'failed') return;
      const error = new Error(result.error);
      error.stack = result.error; // mocha's own message and stack, from inside the extension host
      throw error;
    });
  }
  assert.ok(results.length > 0, 'the extension-host suite ran no tests');
  assert.equal(exitCode, 0, `the launcher exited with ${exitCode}`);
});
