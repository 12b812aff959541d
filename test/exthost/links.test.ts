// The cross-file check and navigation of issue 4 in a real VS Code: the broken Dev Team A
// ServiceAccount is not admitted by its role's trust policy, and Go to Definition on its role ARN
// opens that trust policy.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, revertAll, waitFor, WORKSPACE } from './support';

const EXAMPLES = WORKSPACE;
const SERVICE_ACCOUNTS = vscode.Uri.file(path.join(EXAMPLES, 'broken', 'service-accounts.yaml'));
const TRUST_POLICY = path.join(EXAMPLES, 'broken', 'trust-policy-dev-team-a.json');

suite('iam-irsa across files in the extension host', () => {
  teardown(revertAll);

  test('the broken Dev Team A ServiceAccount shows LINK_TRUST_DOES_NOT_ADMIT_SA on its role ARN', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SERVICE_ACCOUNTS));
    const diagnostic = await waitFor('LINK_TRUST_DOES_NOT_ADMIT_SA on the ServiceAccount', () =>
      vscode.languages.getDiagnostics(SERVICE_ACCOUNTS).find((d) => d.source === 'iam-irsa' && codeOf(d) === 'LINK_TRUST_DOES_NOT_ADMIT_SA'),
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(editor.document.getText(diagnostic.range), /arn:aws:iam::444455556666:role\/DevTeamARole/);
    assert.match(diagnostic.message, /does not admit system:serviceaccount:team-a:dev-team-a-sa/);
    assert.ok(
      diagnostic.relatedInformation?.some((r) => r.location.uri.fsPath === TRUST_POLICY),
      'the trust policy is related information',
    );
  });

  test('Go to Definition on the role ARN opens the trust policy', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(SERVICE_ACCOUNTS));
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('role/DevTeamARole'));
    const character = editor.document.lineAt(line).text.indexOf('DevTeamARole');
    // The definition provider answers once the workspace is indexed.
    await waitFor('a definition for the role ARN', async () => {
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        SERVICE_ACCOUNTS,
        new vscode.Position(line, character),
      );
      return found && found.length > 0 ? found : undefined;
    });
    editor.selection = new vscode.Selection(line, character, line, character);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const active = await waitFor('the trust policy in the active editor', () => {
      const file = vscode.window.activeTextEditor?.document.uri.fsPath;
      return file === TRUST_POLICY ? file : undefined;
    });
    assert.equal(active, TRUST_POLICY);
  });
});
