// What a person sees while authoring, in the packaged extension installed into VS Code (code-server):
// the suggestions while typing an action, the IRSA trust snippet, and the quick fix of the broken
// Dev Team A ServiceAccount. Screenshots go to test-results/. The extension-host suite asserts the
// same flows on the API's results; this one proves the user reaches them with the keyboard.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { EXAMPLES, editorReady, openWorkbench, quickOpen, screenshotPath } from './editor';

/** Moves the cursor to the start of the text of a 1-based line (Go to Line). */
async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.keyboard.press('Home');
}

/** The suggest widget's rows (labels and details), once it shows one matching `text`. */
async function suggestion(page: Page, text: RegExp): Promise<string> {
  const row = page.locator('.editor-widget.suggest-widget .monaco-list-row', { hasText: text }).first();
  for (let attempt = 0; ; attempt++) {
    if (await row.isVisible()) break;
    assert.ok(attempt < 20, `no suggestion matching ${text}`);
    // Trigger characters open the widget; if it closed (the server was still loading), ask again.
    if (!(await page.locator('.editor-widget.suggest-widget.visible').isVisible())) await page.keyboard.press('Control+Space');
    await row.waitFor({ state: 'visible', timeout: 1500 }).catch(() => {});
  }
  return (await row.innerText()).replace(/\s+/g, ' ');
}

test('authoring in VS Code: suggestions while typing, the IRSA trust snippet, the cross-file quick fix', { timeout: 10 * 60_000 }, async (t) => {
  if (!(await editorReady(t))) return;
  // A copy: the quick fix and the snippet edit files of the workspace.
  const folder = mkdtempSync(path.join(tmpdir(), 'iam-irsa-authoring-'));
  for (const name of ['broken', 'working']) cpSync(path.join(EXAMPLES, name), path.join(folder, name), { recursive: true });
  writeFileSync(path.join(folder, 'new-trust-policy.json'), '');
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  const page = await openWorkbench(t, folder);

  await t.test('typing "s3:Get in the example policy offers GetObject', async () => {
    await quickOpen(page, 'working/dev-team-a-policy.json');
    await page.locator('.monaco-editor .view-lines', { hasText: 'ManageTeamObjects' }).waitFor({ timeout: 30_000 });
    // A new first item of the Action array (line 7), on a line of its own.
    await goToLine(page, 7);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"s3:Get');
    // The list holds every s3:Get… action; only the rows in view are in the page: go down to GetObject.
    await suggestion(page, /Get/);
    const focused = page.locator('.editor-widget.suggest-widget .monaco-list-row.focused');
    for (let step = 0; !/^\s*GetObject\s/.test(((await focused.count()) > 0 ? await focused.first().innerText() : '') + ' '); step++) {
      assert.ok(step < 300, 'GetObject is not in the suggestions of "s3:Get');
      await page.keyboard.press('ArrowDown');
    }
    await page.screenshot({ path: screenshotPath('completion') });
    await page.keyboard.press('Escape');
  });

  await t.test('the IRSA trust snippet, chosen from the suggestions, gives a policy without a squiggle', async () => {
    await quickOpen(page, 'new-trust-policy.json');
    await page.locator('.monaco-editor.focused').waitFor({ timeout: 30_000 });
    await page.keyboard.type('irsa');
    await suggestion(page, /irsa/i);
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: 'AssumeRoleWithWebIdentity' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    // Diagnostics of the new text arrive within a pull; none may come.
    await page.waitForTimeout(3000);
    assert.equal(
      await page.locator('.monaco-editor.focused .squiggly-error, .monaco-editor.focused .squiggly-warning').count(),
      0,
      'a squiggle on the inserted trust policy',
    );
    await page.screenshot({ path: screenshotPath('snippet') });
  });

  await t.test('the quick fix on the broken Dev Team A ServiceAccount makes its trust policy admit it', async () => {
    await quickOpen(page, 'broken/service-accounts.yaml');
    await page.locator('.monaco-editor .view-lines', { hasText: 'DevTeamARole' }).waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'LINK_TRUST_DOES_NOT_ADMIT_SA' }).first().waitFor({ timeout: 30_000 });
    await quickOpen(page, 'broken/service-accounts.yaml');
    await goToLine(page, 8);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row', { hasText: /trust/i }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: screenshotPath('quick-fix-menu') });
    // The menu is a keyboard list (a pointer block covers it): down to the fix, then Enter.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    const focusedLabel = async () => ((await focused.count()) > 0 ? ((await focused.first().getAttribute('aria-label')) ?? '') : '');
    for (let step = 0; !/trust/i.test(await focusedLabel()); step++) {
      assert.ok(step < 10, 'the trust fix is not reachable in the quick fix menu');
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    // The finding leaves the Problems panel for both files.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'LINK_TRUST_DOES_NOT_ADMIT_SA' }).first().waitFor({ state: 'detached', timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('quick-fix-applied') });
  });
});
