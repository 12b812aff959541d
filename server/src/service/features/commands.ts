import { Position, WorkspaceEdit } from 'vscode-languageserver-types';
import { AuthoringContext } from './authoring';
import { createServiceAccount } from './createServiceAccount';
import { createTrustPolicy } from './createTrustPolicy';

/** `[uri, options?]`: writes an IRSA trust policy for the ServiceAccount of a manifest, in a new file beside it. */
export const CREATE_TRUST_POLICY = 'iam-irsa.createTrustPolicy';
/** `[uri, options?]`: writes the ServiceAccounts a trust policy's `:sub` admits, in a new file beside it. */
export const CREATE_SERVICE_ACCOUNT = 'iam-irsa.createServiceAccount';

/** The commands the server executes (workspace/executeCommand). */
export const SERVER_COMMANDS: readonly string[] = [CREATE_TRUST_POLICY, CREATE_SERVICE_ACCOUNT];

/** The second argument of the commands (the first is the document's URI). */
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

/** Runs a command on the document named by its first argument; the second is `CommandOptions`. */
export function executeCommand(context: AuthoringContext, command: string, args: readonly unknown[]): CommandResult {
  const options = optionsOf(args[1]);
  switch (command) {
    case CREATE_TRUST_POLICY:
      return createTrustPolicy(context, options);
    case CREATE_SERVICE_ACCOUNT:
      return createServiceAccount(context, options);
    default:
      return { message: `unknown command ${command}` };
  }
}

/** Arguments come from any client: keep what has the right shape. */
function optionsOf(value: unknown): CommandOptions {
  if (typeof value !== 'object' || value === null) return {};
  const { position, provider } = value as Record<string, unknown>;
  const isPosition = Position.is(position);
  return { ...(isPosition ? { position } : {}), ...(typeof provider === 'string' && provider.trim() ? { provider: provider.trim() } : {}) };
}
