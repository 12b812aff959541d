import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import {
  CanParams,
  CanResult,
  CLIENT_COMMAND,
  EffectivePermissionsResult,
  PERMISSION_REQUEST,
  ServiceAccountEntry,
  ServiceAccountTarget,
  StatementPlace,
} from '../../shared/protocol';

/** The scheme of the read-only Markdown documents the commands open (rendered by the server). */
const SCHEME = 'iam-irsa-permissions';

/** The question of "Can This ServiceAccount …?", when given as the command's second argument (tests, keybindings, other extensions). */
type Question = Omit<CanParams, 'target'>;

/**
 * "Show Effective Permissions" and "Can This ServiceAccount …?": which ServiceAccount (the
 * argument, the cursor's, else a quick pick), the question (input boxes), then the server's answer
 * (iamIrsa/effectivePermissions, iamIrsa/can) shown as Markdown. The server renders; this only asks and shows.
 */
export function registerPermissionCommands(client: LanguageClient): vscode.Disposable[] {
  const pages = new MarkdownPages();
  return [
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, pages),
    // `target`: a lens's `{namespace, name}`; from a menu, the file's URI (then the cursor tells).
    vscode.commands.registerCommand(CLIENT_COMMAND.showEffectivePermissions, async (target?: ServiceAccountTarget) => {
      const sa = await chooseServiceAccount(client, target);
      if (!sa) return undefined;
      const result = await client.sendRequest<EffectivePermissionsResult | null>(PERMISSION_REQUEST.effectivePermissions, sa);
      if (!result) return undefined;
      await pages.show(`${result.namespace}/${result.name} permissions`, result.markdown);
      return result;
    }),
    vscode.commands.registerCommand(CLIENT_COMMAND.canServiceAccount, async (target?: ServiceAccountTarget, given?: Question) => {
      const sa = await chooseServiceAccount(client, target);
      if (!sa) return undefined;
      // A menu passes the file's URI (and more) rather than a question: anything not shaped as one is asked for.
      const question = isQuestion(given) ? given : await askQuestion(sa);
      if (!question) return undefined;
      let result: CanResult | null;
      try {
        result = await client.sendRequest<CanResult | null>(PERMISSION_REQUEST.can, { target: sa, ...question });
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        return undefined;
      }
      if (!result) return undefined;
      showAnswer(result, pages);
      return result;
    }),
  ];
}

/** The target given (a lens's), else the ServiceAccount under the cursor, else the one the user picks. */
async function chooseServiceAccount(
  client: LanguageClient,
  target: ServiceAccountTarget | undefined,
): Promise<{ namespace: string; name: string; manifest?: string } | undefined> {
  if (target && 'namespace' in target && typeof target.namespace === 'string' && typeof target.name === 'string')
    return { namespace: target.namespace, name: target.name, manifest: typeof target.manifest === 'string' ? target.manifest : undefined };
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme === 'file') {
    const at: ServiceAccountTarget = { uri: editor.document.uri.toString(), position: client.code2ProtocolConverter.asPosition(editor.selection.active) };
    // The cursor's ServiceAccount: the table says whose it is, so no prompt.
    const result = await client.sendRequest<EffectivePermissionsResult | null>(PERMISSION_REQUEST.effectivePermissions, at).catch(() => null);
    if (result) return { namespace: result.namespace, name: result.name, manifest: result.manifest };
  }
  const entries = await client.sendRequest<ServiceAccountEntry[]>(PERMISSION_REQUEST.serviceAccounts, {});
  if (entries.length === 0) {
    void vscode.window.showWarningMessage('iam-irsa: no ServiceAccount in the workspace (a manifest, an annotation or a Pod Identity association)');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: `${e.namespace}/${e.name}`, description: vscode.workspace.asRelativePath(vscode.Uri.parse(e.uri)), entry: e })),
    { title: 'Which ServiceAccount?', placeHolder: 'namespace/name', matchOnDescription: true },
  );
  return picked && { namespace: picked.entry.namespace, name: picked.entry.name };
}

/** Action, resource and optional context `key=value` pairs; undefined when the user cancels. */
async function askQuestion(sa: { namespace: string; name: string }): Promise<Question | undefined> {
  const who = `${sa.namespace}/${sa.name}`;
  const action = await vscode.window.showInputBox({
    title: `Can ${who} …? (1/3) Action`,
    placeHolder: 's3:GetObject',
    ignoreFocusOut: true,
    validateInput: (v) => (/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(v.trim()) ? undefined : 'SERVICE:ACTION, e.g. s3:GetObject'),
  });
  if (!action) return undefined;
  const resource = await vscode.window.showInputBox({
    title: `Can ${who} ${action.trim()}? (2/3) Resource`,
    placeHolder: 'arn:aws:s3:::example-bucket/key, or *',
    value: '*',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'an ARN, or *'),
  });
  if (!resource) return undefined;
  const context = await vscode.window.showInputBox({
    title: `Can ${who} ${action.trim()} on ${resource.trim()}? (3/3) Context, optional`,
    prompt: 'KEY=VALUE pairs separated by spaces (a key twice: several values); a key not given is unknown, so the answer may depend on it',
    placeHolder: 'aws:SourceIp=10.1.2.3 aws:PrincipalTag/team=a',
    ignoreFocusOut: true,
    validateInput: (v) => (contextOf(v) ? undefined : 'KEY=VALUE pairs separated by spaces'),
  });
  if (context === undefined) return undefined;
  return { action: action.trim(), resource: resource.trim(), context: contextOf(context) };
}

function isQuestion(value: unknown): value is Question {
  const q = value as Partial<Question> | undefined;
  return typeof q === 'object' && q !== null && typeof q.action === 'string' && typeof q.resource === 'string';
}

/** `k=v k=w j=x` → `{k: [v, w], j: x}`; undefined when a pair is not KEY=VALUE. */
function contextOf(text: string): Record<string, string | string[]> | undefined {
  const context: Record<string, string | string[]> = {};
  for (const pair of text.trim().split(/\s+/).filter(Boolean)) {
    const equals = pair.indexOf('=');
    if (equals <= 0) return undefined;
    const key = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    const old = context[key];
    context[key] = old === undefined ? value : [...(Array.isArray(old) ? old : [old]), value];
  }
  return context;
}

/** The answer in a notification (not awaited: it stays until dismissed), with buttons to the statement and the details. */
function showAnswer(result: CanResult, pages: MarkdownPages): void {
  const statement = result.statement;
  const buttons = [...(statement && statement.file.startsWith('file:') ? ['Open Statement'] : []), 'Show Details'];
  const message = `${result.namespace}/${result.name}: ${result.summary}`;
  const show = result.decision === 'allowed' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(message, ...buttons).then(async (choice) => {
    if (choice === 'Open Statement' && statement) await openStatement(statement);
    else if (choice === 'Show Details') await pages.show(`${result.namespace}/${result.name} can`, result.markdown);
  });
}

async function openStatement(statement: StatementPlace): Promise<void> {
  const line = Math.max(0, statement.line - 1);
  await vscode.window.showTextDocument(vscode.Uri.parse(statement.file), { selection: new vscode.Range(line, 0, line, 0) });
}

/** Read-only Markdown documents, shown in the Markdown preview (links to statements open their file at the line). */
class MarkdownPages implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '';
  }

  async show(title: string, markdown: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${title.replace(/[^\w./-]+/g, '-')}.md` });
    this.pages.set(uri.toString(), previewLinks(markdown));
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', document.uri);
    } catch {
      // No Markdown preview (it is a built-in extension one may disable): the text itself.
      await vscode.window.showTextDocument(document, { preview: true });
    }
  }
}

/**
 * The Markdown preview follows no `file:` link (markdown-it refuses the scheme), but it opens a link
 * `/path#L4` in the (first) workspace folder at that line: the server's links into it are written so.
 */
function previewLinks(markdown: string): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root || root.scheme !== 'file') return markdown;
  return markdown.split(`](${root.toString().replace(/\/$/, '')}/`).join('](/');
}
