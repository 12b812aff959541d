import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, Location, Position, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { CLIENT_COMMAND, CLIENT_ID } from '../../shared/protocol';
import { SERVER_NODE_OPTIONS } from '../../shared/serverLaunch';
import { registerCreateCommands } from './createCommands';
import { registerPermissionCommands } from './permissionCommands';

let client: LanguageClient | undefined;

/** Starts the iam-irsa language server; the client itself knows nothing of IAM. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Only files on disk: no untitled buffers, no git diffs, no remote virtual files.
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'file', language: 'yaml' },
      // Role definitions: AWS CLI scripts and Terraform.
      { scheme: 'file', language: 'shellscript' },
      { scheme: 'file', language: 'terraform' },
      // terraform.tfvars and *.auto.tfvars give their folder's variables their values (whatever language the editor gives them).
      { scheme: 'file', pattern: '**/*.tfvars' },
    ],
    outputChannel: vscode.window.createOutputChannel('iam-irsa', { log: true }),
  };
  // The id makes the client honour `iamIrsa.trace.server`; its default error handler restarts a crashed server.
  client = new LanguageClient(CLIENT_ID, 'iam-irsa', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand(CLIENT_COMMAND.restartServer, async () => {
      await client?.restart();
    }),
    // Run by the server's code lenses: (uri, position, locations) in LSP terms, shown in the references peek.
    vscode.commands.registerCommand(CLIENT_COMMAND.showReferences, async (uri: string, position: Position, locations: Location[]) => {
      if (!client) return;
      const converter = client.protocol2CodeConverter;
      await vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        converter.asPosition(position),
        locations.map((l) => converter.asLocation(l)),
      );
    }),
    ...registerCreateCommands(client),
    ...registerPermissionCommands(client),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
