// What the extension-host suites share: the workspace, reading our diagnostics, waiting for the server.
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The repository's examples, never edited by a test. */
const PRISTINE = path.resolve(__dirname, '..', '..', '..', 'examples');

/**
 * The workspace folder: a scratch copy of examples/ (test/ui/extension-host.test.ts makes it), since
 * VS Code saves the files a workspace edit changes (files.refactoring.autoSave).
 */
export const WORKSPACE = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? PRISTINE;

export const SOURCE = 'iam-irsa';

/** The code as a string: with `codeDescription` set it arrives as `{ value, target }`. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return code === undefined ? undefined : typeof code === 'object' ? String(code.value) : String(code);
}

/** iam-irsa's diagnostics of a document, as `CODE: message`. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Polls: diagnostics and answers arrive asynchronously (activation, catalogue load, indexing, pull). */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Reverts every edited document and puts back every file a test saved, so that tests do not see each other's edits. */
export async function revertAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty) continue;
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  if (WORKSPACE !== PRISTINE) restore(PRISTINE, WORKSPACE);
}

function restore(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const source = path.join(from, name);
    const target = path.join(to, name);
    if (statSync(source).isDirectory()) restore(source, target);
    else if (readFileSync(source, 'utf8') !== readFileSync(target, 'utf8')) cpSync(source, target);
  }
}
