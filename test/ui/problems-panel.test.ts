// What a person sees: the packaged .vsix installed into VS Code (code-server), the broken policy
// opened through Quick Open, and the misspelled action listed in the Problems panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { EXAMPLES, editorReady, openWorkbench, quickOpen, REPO_ROOT, screenshotPath } from './editor';

test('the Problems panel lists INVALID_ACTION for the misspelled s3:GetObjct', { timeout: 10 * 60_000 }, async (t) => {
  if (!(await editorReady(t))) return;
  // Phase times go to the report as diagnostics: for reading, never for asserting.
  let last = Date.now();
  const lap = (phase: string) => {
    t.diagnostic(`${phase}: ${((Date.now() - last) / 1000).toFixed(1)} s`);
    last = Date.now();
  };
  const page = await openWorkbench(t, EXAMPLES);
  lap('package, install .vsix, start code-server and Chromium, workbench');

  try {
    await quickOpen(page, 'broken/dev-team-a-policy.json');
    await page.locator('.monaco-editor .view-lines', { hasText: 's3:GetObjct' }).waitFor({ timeout: 30_000 });
    // The squiggle under the action proves the diagnostic reached the editor, not only the panel.
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    lap('Quick Open, squiggle');

    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'GetObjct' }).first();
    await row.waitFor({ timeout: 30_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /"GetObjct" is not an action of Amazon S3/);
    assert.match(text, /iam-irsa/);
    assert.match(text, /INVALID_ACTION/);
    assert.match(text, /\[Ln 9, Col 10\]/);
    lap('Problems panel row');
  } finally {
    // Always a picture, also of a failure; the Problems row reads best with the cursor elsewhere.
    await page.screenshot({ path: screenshotPath('problems-panel') }).catch(() => {});
  }
});

// The seed article's files as written (test/fixtures/seed-002): a trust policy for the placeholder
// provider example-oidc-provider, the script creating DevTeamARole, and the two ServiceAccounts.
const SEED_002 = path.join(REPO_ROOT, 'test', 'fixtures', 'seed-002');

test("the seed article's workspace: both ServiceAccounts' cross-file findings are in the Problems panel", { timeout: 10 * 60_000 }, async (t) => {
  if (!(await editorReady(t))) return;
  const page = await openWorkbench(t, SEED_002);
  try {
    await quickOpen(page, 'service-accounts.yaml');
    await page.locator('.monaco-editor .view-lines', { hasText: 'dev-team-b-sa' }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    const admit = page.locator('.markers-panel .monaco-list-row', { hasText: 'LINK_TRUST_DOES_NOT_ADMIT_SA' }).first();
    await admit.waitFor({ timeout: 60_000 });
    const admitText = (await admit.innerText()).replace(/\s+/g, ' ');
    assert.match(admitText, /role "DevTeamARole" \(seed-002\/trust-policy\.json\) does not admit system:serviceaccount:default:dev-team-a-sa/);
    assert.match(admitText, /\[Ln 7, Col 33\]/);
    const missing = page.locator('.markers-panel .monaco-list-row', { hasText: 'LINK_ROLE_NOT_FOUND' }).first();
    await missing.waitFor({ timeout: 30_000 });
    const missingText = (await missing.innerText()).replace(/\s+/g, ' ');
    assert.match(missingText, /defines the role "DevTeamBRole"/);
    assert.match(missingText, /\[Ln 15, Col 33\]/);
  } finally {
    await page.screenshot({ path: screenshotPath('problems-panel-seed-002') }).catch(() => {});
  }
});
