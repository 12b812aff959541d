import type { Position, WorkspaceEdit } from 'vscode-languageserver-types';

/**
 * What the extension (client/) and the language server (server/) both name, defined once: the ids of
 * the commands one side runs and the other registers, the diagnostics' source, and the shapes of the
 * commands' arguments and answers. Types and string constants only: both bundles import it.
 */

/** The `source` of every diagnostic iam-irsa publishes; code actions answer only for these. */
export const DIAGNOSTIC_SOURCE = 'iam-irsa';

/** The language client's id: it makes the client honour the `iamIrsa.trace.server` setting. */
export const CLIENT_ID = 'iamIrsa';

/** Commands the server executes (workspace/executeCommand): `[uri, CommandOptions?]`, answered with a CommandResult. */
export const SERVER_COMMAND = {
  /** Writes an IRSA trust policy for the ServiceAccount of a manifest, in a new file beside it. */
  createTrustPolicy: 'iam-irsa.createTrustPolicy',
  /** Writes the ServiceAccounts a trust policy's `:sub` admits, in a new file beside it. */
  createServiceAccount: 'iam-irsa.createServiceAccount',
} as const;

/** Commands the extension registers in VS Code (package.json's `contributes.commands` lists the user-facing ones). */
export const CLIENT_COMMAND = {
  restartServer: 'iamIrsa.restartServer',
  /** The palette and context-menu entry running SERVER_COMMAND.createTrustPolicy with a prompt for the provider. */
  createTrustPolicy: 'iamIrsa.createTrustPolicy',
  createServiceAccount: 'iamIrsa.createServiceAccount',
  /** Run by the server's code lenses: `(uri: string, position: Position, locations: Location[])`, shown as references. */
  showReferences: 'iamIrsa.showReferences',
} as const;

/** The second argument of the server's commands (the first is the document's URI). */
export interface CommandOptions {
  /** The cursor: the ServiceAccount or trust policy under it is the one used; else the file's first. */
  readonly position?: Position;
  /** createTrustPolicy: the cluster's OIDC provider, as its ARN (`arn:aws:iam::ACCOUNT:oidc-provider/HOST`), issuer URL or host. */
  readonly provider?: string;
}

/** An OIDC provider of the workspace, offered when the command needs one chosen. */
export interface OidcProviderChoice {
  /** `oidc.eks.REGION.amazonaws.com/id/ID`. */
  readonly host: string;
  /** Its ARN, when the workspace says its account: pass it back as `provider`, else the host. */
  readonly arn?: string;
}

/** What a command produced: an edit for the editor to apply, a message why not (or what to edit next), or a question. */
export interface CommandResult {
  readonly edit?: WorkspaceEdit;
  /** The file the edit creates, for the editor to open. */
  readonly created?: string;
  readonly message?: string;
  /**
   * createTrustPolicy without `provider` when the workspace has none or several: the ones found.
   * The caller asks the user and runs the command again with `provider` set.
   */
  readonly providers?: readonly OidcProviderChoice[];
}
