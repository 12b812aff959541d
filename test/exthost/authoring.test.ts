// Authoring in a real VS Code: completion while typing, a snippet that yields a clean trust policy,
// and the quick fix that makes the broken Dev Team A trust policy admit its ServiceAccount.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, ours, revertAll, waitFor, WORKSPACE } from './support';

const EXAMPLES = WORKSPACE;
const POLICY = vscode.Uri.file(path.join(EXAMPLES, 'working', 'dev-team-a-policy.json'));
const SERVICE_ACCOUNTS = vscode.Uri.file(path.join(EXAMPLES, 'broken', 'service-accounts.yaml'));
const TRUST_POLICY = vscode.Uri.file(path.join(EXAMPLES, 'broken', 'trust-policy-dev-team-a.json'));

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

async function completions(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list?.items ?? [];
}

suite('iam-irsa authoring in the extension host', () => {
  teardown(revertAll);

  test('typing "s3:Get in the example policy offers GetObject', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(POLICY));
    await waitFor('the server to answer on the policy', () => (vscode.extensions.getExtension('iam-irsa.iam-irsa')?.isActive ? true : undefined));
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('"Action"'));
    assert.ok(line >= 0, 'examples changed: no "Action" line');
    const at = new vscode.Position(line + 1, editor.document.lineAt(line + 1).firstNonWhitespaceCharacterIndex);
    await editor.edit((edit) => edit.insert(at, '"s3:Get'));
    const cursor = at.translate(0, '"s3:Get'.length);
    const items = await waitFor('completion items for "s3:Get', async () => {
      const found = await completions(POLICY, cursor);
      return found.some((i) => /GetObject$/.test(labelOf(i))) ? found : undefined;
    });
    const getObject = items.find((i) => /GetObject$/.test(labelOf(i)))!;
    assert.equal(getObject.kind !== undefined, true);
    // What VS Code filters against what was typed: the whole value.
    const filter = getObject.filterText ?? labelOf(getObject);
    assert.ok(filter.includes('s3:GetObject'), `filterText ${filter}`);
    assert.ok(!items.some((i) => /^(ec2|iam):/.test(i.filterText ?? labelOf(i))), 'only s3 actions after "s3:"');
  });

  test('the IRSA trust policy snippet, accepted from completion in an empty file, is a policy with no diagnostics', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'iam-irsa-snippet-'));
    try {
      const file = vscode.Uri.file(path.join(folder, 'trust-policy.json'));
      // Broken at first, so that the clean result below is a new validation, not no validation.
      writeFileSync(file.fsPath, '{"Statement": [');
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await waitFor('a syntax error on the broken start', () => (ours(file).length > 0 ? true : undefined));
      await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, editor.document.lineCount, 0)));
      const items = await waitFor('snippets in the empty file', async () => {
        const found = await completions(file, new vscode.Position(0, 0));
        return found.some((i) => i.kind === vscode.CompletionItemKind.Snippet) ? found : undefined;
      });
      const snippet = items.find(
        (i) => i.kind === vscode.CompletionItemKind.Snippet && /irsa/i.test(`${labelOf(i)} ${i.filterText ?? ''}`) && !/pod/i.test(labelOf(i)),
      );
      assert.ok(snippet, `no IRSA trust snippet among ${items.map(labelOf).join(', ')}`);
      assert.ok(snippet.insertText instanceof vscode.SnippetString, 'the item inserts a snippet');
      assert.ok(await editor.insertSnippet(snippet.insertText, new vscode.Position(0, 0)), 'the snippet was not inserted');
      await vscode.commands.executeCommand('leaveSnippet');
      assert.match(editor.document.getText(), /sts:AssumeRoleWithWebIdentity/);
      await waitFor('no diagnostics on the inserted trust policy', () => {
        const left = ours(file);
        return left.length === 0 ? true : undefined;
      }).catch((error: Error) => {
        throw new Error(
          `${error.message}: ${ours(file)
            .map((d) => `${codeOf(d)} ${d.message}`)
            .join('; ')}`,
        );
      });
    } finally {
      await revertAll();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("the quick fix on the broken Dev Team A ServiceAccount's trust finding clears LINK_TRUST_DOES_NOT_ADMIT_SA in both files", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(TRUST_POLICY));
    await waitFor('LINK_TRUST_DOES_NOT_ADMIT_SA on the trust policy before the fix', () =>
      ours(TRUST_POLICY).find((d) => codeOf(d) === 'LINK_TRUST_DOES_NOT_ADMIT_SA'),
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SERVICE_ACCOUNTS));
    const diagnostic = await waitFor('LINK_TRUST_DOES_NOT_ADMIT_SA on the ServiceAccount', () =>
      ours(SERVICE_ACCOUNTS).find((d) => codeOf(d) === 'LINK_TRUST_DOES_NOT_ADMIT_SA'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      SERVICE_ACCOUNTS,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.edit?.entries().some(([uri]) => uri.fsPath === TRUST_POLICY.fsPath));
    assert.ok(fix?.edit, `no quick fix editing the trust policy among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix was not applied');
    const trust = await vscode.workspace.openTextDocument(TRUST_POLICY);
    assert.match(trust.getText(), /system:serviceaccount:team-a:dev-team-a-sa/);
    await vscode.window.showTextDocument(trust);
    await waitFor('LINK_TRUST_DOES_NOT_ADMIT_SA to clear in both files', () => {
      const left = [...ours(SERVICE_ACCOUNTS), ...ours(TRUST_POLICY)].filter((d) => codeOf(d) === 'LINK_TRUST_DOES_NOT_ADMIT_SA');
      return left.length === 0 ? true : undefined;
    });
    assert.deepEqual(
      ours(TRUST_POLICY)
        .filter((d) => codeOf(d)?.startsWith('LINK_'))
        .map((d) => `${codeOf(d)}: ${d.message}`),
      [],
    );
  });

  test('"Create IRSA trust policy for this ServiceAccount" writes and opens a trust policy that admits it', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SERVICE_ACCOUNTS));
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('name: dev-team-a-sa'));
    editor.selection = new vscode.Selection(line, 10, line, 10);
    const created = path.join(EXAMPLES, 'broken', 'trust-policy-dev-team-a-sa.json');
    try {
      // The provider comes from the role's present trust: no question is asked.
      await vscode.commands.executeCommand('iamIrsa.createTrustPolicy');
      const opened = await waitFor('the new trust policy in the active editor', () => {
        const active = vscode.window.activeTextEditor?.document;
        return active?.uri.fsPath === created ? active : undefined;
      });
      assert.match(opened.getText(), /"system:serviceaccount:team-a:dev-team-a-sa"/);
      assert.match(opened.getText(), /oidc-provider\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/EXAMPLED539D4633E53DE1B71EXAMPLE/);
      await waitFor('no diagnostics on the created trust policy', () =>
        ours(opened.uri).filter((d) => !codeOf(d)?.startsWith('LINK_')).length === 0 ? true : undefined,
      );
    } finally {
      await revertAll();
      rmSync(created, { force: true });
    }
  });
});
