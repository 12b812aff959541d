import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_COMMAND, CommandOptions, CommandResult, SERVER_COMMAND } from '../../shared/protocol';

/**
 * The editor side of the server's create commands: the palette and context-menu entries (their ids
 * differ from the server's, which the language client registers itself), the prompt for an OIDC
 * provider, and opening the file the server's edit created.
 */
export function registerCreateCommands(client: LanguageClient): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CLIENT_COMMAND.createTrustPolicy, async (resource?: vscode.Uri) => {
      const target = targetOf(client, resource);
      if (!target) return;
      let result = await run(client, SERVER_COMMAND.createTrustPolicy, target);
      if (result?.providers) {
        const provider = await pickProvider(result.providers);
        if (!provider) return;
        result = await run(client, SERVER_COMMAND.createTrustPolicy, { ...target, provider });
      }
      await openCreated(result);
    }),
    vscode.commands.registerCommand(CLIENT_COMMAND.createServiceAccount, async (resource?: vscode.Uri) => {
      const target = targetOf(client, resource);
      if (target) await openCreated(await run(client, SERVER_COMMAND.createServiceAccount, target));
    }),
  ];
}

/** The document a server command is for, and its options (the cursor, the provider). */
interface Target extends CommandOptions {
  readonly uri: string;
}

/** The document the command is for (the context menu's, else the active editor's) and the cursor in it. */
function targetOf(client: LanguageClient, resource: vscode.Uri | undefined): Target | undefined {
  const editor = vscode.window.activeTextEditor;
  const uri = resource ?? editor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('iam-irsa: open a ServiceAccount manifest or a trust policy first');
    return undefined;
  }
  const sameEditor = editor && editor.document.uri.toString() === uri.toString();
  return { uri: uri.toString(), ...(sameEditor ? { position: client.code2ProtocolConverter.asPosition(editor.selection.active) } : {}) };
}

async function run(client: LanguageClient, command: string, { uri, ...options }: Target): Promise<CommandResult | undefined> {
  // The server applies the edit (workspace/applyEdit) and shows its message before it answers.
  return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [uri, options] })) as CommandResult | undefined;
}

/** The providers the workspace names, or another issuer typed in; undefined when the user cancels. */
async function pickProvider(providers: NonNullable<CommandResult['providers']>): Promise<string | undefined> {
  if (providers.length > 0) {
    const items: (vscode.QuickPickItem & { provider?: string })[] = providers.map((p) => ({
      label: p.host,
      description: p.arn ? `account ${p.arn.split(':')[4]}` : 'account of the role ARN',
      provider: p.arn ?? p.host,
    }));
    items.push({ label: '$(edit) Enter issuer…', description: 'the issuer URL of the cluster, or its OIDC provider ARN' });
    const picked = await vscode.window.showQuickPick(items, {
      title: 'OIDC provider of the cluster',
      placeHolder: 'The trust policy admits tokens of this provider only',
    });
    if (!picked) return undefined;
    if (picked.provider) return picked.provider;
  }
  const typed = await vscode.window.showInputBox({
    title: 'OIDC issuer of the cluster',
    prompt: 'aws eks describe-cluster --name CLUSTER --query cluster.identity.oidc.issuer',
    placeHolder: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() && !/\s/.test(value.trim()) ? undefined : 'an issuer URL, a host or an OIDC provider ARN, without spaces'),
  });
  return typed?.trim() || undefined;
}

async function openCreated(result: CommandResult | undefined): Promise<void> {
  if (result?.created) await vscode.window.showTextDocument(vscode.Uri.parse(result.created));
}
