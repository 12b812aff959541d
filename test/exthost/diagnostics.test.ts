// Proves the wiring end to end in a real VS Code: activation on open, the language client, pull
// diagnostics from the bundled server, and re-validation of unsaved edits.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, ours, revertAll, SOURCE, waitFor, WORKSPACE } from './support';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const EXAMPLES = WORKSPACE;
const BROKEN = vscode.Uri.file(path.join(EXAMPLES, 'broken', 'dev-team-a-policy.json'));
const WORKING = vscode.Uri.file(path.join(EXAMPLES, 'working', 'dev-team-a-policy.json'));
async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

suite('iam-irsa diagnostics in the extension host', () => {
  teardown(revertAll);

  test('the extension is loaded from the development path', () => {
    const extension = vscode.extensions.getExtension('iam-irsa.iam-irsa');
    assert.ok(extension, 'iam-irsa.iam-irsa is not loaded');
    assert.equal(extension.extensionPath, REPO_ROOT);
  });

  test('a misspelled action is an INVALID_ACTION error on the action string', async () => {
    const editor = await open(BROKEN);
    const diagnostic = await waitFor('INVALID_ACTION on the broken policy', () => ours(BROKEN).find((d) => codeOf(d) === 'INVALID_ACTION'));
    const line = editor.document.lineAt(8).text;
    const start = line.indexOf('s3:GetObjct');
    assert.equal(start, 9, `examples changed: ${JSON.stringify(line)}`);
    assert.equal(diagnostic.source, SOURCE);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character], [8, 9, 8, 20]);
    assert.match(diagnostic.message, /^"GetObjct" is not an action of Amazon S3/);
    assert.ok(vscode.extensions.getExtension('iam-irsa.iam-irsa')?.isActive, 'extension not active after diagnostics arrived');
  });

  test('the server runs as a child of the extension host with the node options of the extension (its young generation bounded)', async function () {
    if (process.platform !== 'linux') this.skip(); // read from /proc
    await open(BROKEN);
    await waitFor('diagnostics on the broken policy', () => (ours(BROKEN).length > 0 ? true : undefined));
    const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    const commands = children.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean));
    const server = commands.find((args) => args.some((arg) => arg === path.join(REPO_ROOT, 'dist', 'server.js')));
    assert.ok(server, `no child runs dist/server.js: ${JSON.stringify(commands)}`);
    assert.ok(server.includes('--max-semi-space-size=8'), JSON.stringify(server));
  });

  test('a working policy has no iam-irsa diagnostics', async () => {
    await open(WORKING);
    // Diagnostics on the broken file prove the server is answering; then the working one gets time too.
    await open(BROKEN);
    await waitFor('diagnostics on the broken policy', () => (ours(BROKEN).length > 0 ? true : undefined));
    await open(WORKING);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(
      ours(WORKING).map((d) => `${codeOf(d)}: ${d.message}`),
      [],
    );
  });

  test('fixing the typo in the unsaved buffer clears the diagnostic', async () => {
    const editor = await open(BROKEN);
    await waitFor('INVALID_ACTION before the edit', () => ours(BROKEN).find((d) => codeOf(d) === 'INVALID_ACTION'));
    const start = editor.document.lineAt(8).text.indexOf('GetObjct');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(BROKEN, new vscode.Range(8, start, 8, start + 'GetObjct'.length), 'GetObject');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
    assert.ok(editor.document.isDirty, 'the edit should stay unsaved');
    await waitFor('the diagnostic to clear', () => (ours(BROKEN).some((d) => codeOf(d) === 'INVALID_ACTION') ? undefined : true));
  });
});
