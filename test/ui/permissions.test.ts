// What a person sees of effective permissions (issue 13, item 3): on the seed article's workspace,
// the lens over Dev Team A's ServiceAccount, and the table its click opens in the Markdown preview.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { editorReady, openWorkbench, quickOpen, REPO_ROOT, screenshotPath } from './editor';

const SEED_002 = path.join(REPO_ROOT, 'test', 'fixtures', 'seed-002');

test('the lens "can do 3 actions in 1 service" over dev-team-a-sa opens its table in the Markdown preview', { timeout: 10 * 60_000 }, async (t) => {
  if (!(await editorReady(t))) return;
  const page = await openWorkbench(t, SEED_002);
  try {
    await quickOpen(page, 'service-accounts.yaml');
    const lens = page.locator('.codelens-decoration a', { hasText: 'can do 3 actions in 1 service' }).first();
    await lens.waitFor({ timeout: 60_000 });
    assert.equal((await lens.innerText()).trim(), "⚠ its role's trust does not admit it · can do 3 actions in 1 service");
    await page.locator('.codelens-decoration a', { hasText: 'no role found: permissions unknown · 1 unknown' }).first().waitFor({ timeout: 30_000 });
    await lens.click();
    // The preview's tab, named after the page the server rendered.
    const tab = page.locator('.tabs-container .tab', { hasText: 'dev-team-a-sa' }).first();
    await tab.waitFor({ timeout: 30_000 });
    assert.match(await tab.innerText(), /Preview/);
    // The table inside the preview's webview (nested frames), the statement as a link.
    const link = page.frameLocator('iframe.webview').frameLocator('iframe').locator('table a', { hasText: 'DevTeamAPolicy #1' }).first();
    await link.waitFor({ timeout: 30_000 });
    // A link the preview follows: the policy opens, its statement's line selected.
    await link.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'dev-team-a-policy.json' }).waitFor({ timeout: 30_000 });
    await page.locator('.statusbar-item', { hasText: 'Ln 4, Col 1' }).first().waitFor({ timeout: 30_000 });
  } finally {
    await page.screenshot({ path: screenshotPath('effective-permissions') }).catch(() => {});
  }
});
