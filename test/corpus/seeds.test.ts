/**
 * Gate 3, the seed document's own examples (test/fixtures/seeds, copied verbatim from the IRSA
 * multi-tenant guide): what the engine must say about each.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { REPO_ROOT } from '../support/lspClient';
import { document, service } from '../support/service';

const SEEDS = path.join(REPO_ROOT, 'test', 'fixtures', 'seeds');

async function check(file: string): Promise<{ doc: TextDocument; diagnostics: Diagnostic[] }> {
  const doc = document(readFileSync(path.join(SEEDS, file), 'utf8'), 'json', `file:///seeds/${file}`);
  return { doc, diagnostics: (await service()).validate(doc) };
}

const shown = (doc: TextDocument, diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.code} at ${d.range.start.line + 1}:${d.range.start.character + 1} "${doc.getText(d.range)}": ${d.message}`);

/** The offsets of a key's text in the document, found once: with and without its quotes. */
function keyRanges(doc: TextDocument, key: string): [number, number][] {
  const text = doc.getText();
  const quoted = JSON.stringify(key);
  const at = text.indexOf(quoted);
  assert.ok(at >= 0 && text.indexOf(quoted, at + 1) < 0, `${quoted} occurs exactly once`);
  return [
    [at, at + quoted.length],
    [at + 1, at + quoted.length - 1],
  ];
}

describe("the seed document's policies (gate 3)", () => {
  for (const file of ['dev-team-a-policy.json', 'dev-team-b-policy.json']) {
    test(`${file} is clean: no diagnostic at all`, async () => {
      const { doc, diagnostics } = await check(file);
      assert.deepEqual(shown(doc, diagnostics), []);
    });
  }

  test('least-privilege-principle.json (s3:GetObject with aws:RequestTag/Department): UNSUPPORTED_ACTION_FOR_CONDITION_KEY on the key', async () => {
    const { doc, diagnostics } = await check('least-privilege-principle.json');
    const ranges = keyRanges(doc, 'aws:RequestTag/Department');
    const found = diagnostics.filter((d) => d.code === 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
    assert.ok(found.length > 0, `no UNSUPPORTED_ACTION_FOR_CONDITION_KEY; reported:\n${shown(doc, diagnostics).join('\n')}`);
    const onKey = found.filter((d) => ranges.some(([start, end]) => doc.offsetAt(d.range.start) === start && doc.offsetAt(d.range.end) === end));
    assert.equal(onKey.length, 1, `not exactly on "aws:RequestTag/Department"; reported:\n${shown(doc, found).join('\n')}`);
    assert.equal(onKey[0].severity, 1, 'an error: the statement never applies');
  });

  test('resource-tagging-conditions.json (s3:* with aws:RequestTag/Department): no UNSUPPORTED_ACTION_FOR_CONDITION_KEY, some s3 actions send request tags', async () => {
    const { doc, diagnostics } = await check('resource-tagging-conditions.json');
    const found = diagnostics.filter((d) => d.code === 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY');
    assert.deepEqual(shown(doc, found), []);
  });

  test('trust-policy.json is read as a trust policy: no error from the IAM grammar checks (sections A–H)', async () => {
    const { doc, diagnostics } = await check('trust-policy.json');
    // Section I (IRSA_*) may judge the placeholder provider name; A–H must accept the policy.
    const grammar = diagnostics.filter((d) => d.severity === 1 && !/^(IRSA|PODID|K8S|LINK)_/.test(String(d.code)));
    assert.deepEqual(shown(doc, grammar), []);
  });
});
