import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-types';

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
  /** What a ServiceAccount's pods can do, as a table: `(target?: ServiceAccountTarget)`; asks which ServiceAccount when not given. Run by the lens too. */
  showEffectivePermissions: 'iamIrsa.showEffectivePermissions',
  /** "Can this ServiceAccount …?": `(target?: ServiceAccountTarget, question?: {action, resource, context})`; asks for what is not given. */
  canServiceAccount: 'iamIrsa.canServiceAccount',
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

/**
 * The server's own requests about a ServiceAccount's permissions (docs/lsp.md), for any LSP client:
 * the same answers as the hover, the lens, `iam-irsa explain` and `iam-irsa can`.
 */
export const PERMISSION_REQUEST = {
  /** `ServiceAccountTarget` → `EffectivePermissionsResult | null` (null: no ServiceAccount at that position). */
  effectivePermissions: 'iamIrsa/effectivePermissions',
  /** `CanParams` → `CanResult | null`. */
  can: 'iamIrsa/can',
  /** `{}` → `ServiceAccountEntry[]`: the ServiceAccounts of the workspace (manifests, associations, annotations). */
  serviceAccounts: 'iamIrsa/serviceAccounts',
} as const;

/**
 * A ServiceAccount by name, or the one at a position of a document (its `metadata.name`, its role
 * annotation, an association). `manifest`: the URI of the manifest it is read from; only that file's
 * role annotation then counts, not another manifest's of the same namespace and name (another
 * environment's folder). Without it, every annotation of the workspace naming it counts.
 */
export type ServiceAccountTarget =
  { readonly namespace: string; readonly name: string; readonly manifest?: string } | { readonly uri: string; readonly position: Position };

/** A ServiceAccount of the workspace, as a quick pick offers it. */
export interface ServiceAccountEntry {
  readonly namespace: string;
  readonly name: string;
  /** Where it is defined (its manifest's name) or first named (an association): a `file://` URI and 0-based range. */
  readonly uri: string;
  readonly range: Range;
}

/** Where a statement is written: the policy's label, the file (`file://` URI) or AWS managed policy ARN, its 1-based line. */
export interface StatementPlace {
  readonly policy: string;
  readonly kind: 'inline' | 'customer-managed' | 'aws-managed' | 'boundary';
  readonly file: string;
  readonly line: number;
  readonly sid: string | undefined;
  /** 0-based index of the statement in its policy. */
  readonly index: number;
}

/** One action a statement grants the ServiceAccount, after its role's explicit denies and boundary. */
export interface PermissionRowInfo {
  readonly service: string;
  readonly action: string;
  readonly accessLevel: string;
  readonly resources: readonly string[];
  /** The Allow has a Condition: the grant holds only when it matches. */
  readonly conditions: boolean;
  readonly role: string;
  readonly statement: StatementPlace;
}

export interface RoleInfo {
  readonly name: string;
  readonly via: 'annotation' | 'pod-identity' | 'trust';
  /** Where the role is defined: `file://` URI, 1-based line. */
  readonly file: string;
  readonly line: number;
  readonly policies: readonly string[];
  readonly boundary: string | undefined;
  /** False: named by an IRSA annotation whose role's trust does not admit the ServiceAccount (its pods cannot assume it). */
  readonly trustAdmits: boolean | undefined;
}

/** Something the files cannot tell (a role not in the workspace, a computed ARN), where it is written. */
export interface UnknownInfo {
  readonly reason: string;
  readonly label: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

/** Where a role's permissions boundary is attached, and its label. */
export interface BoundaryInfo {
  readonly policy: string;
  readonly file: string;
  readonly line: number;
}

export interface OutsideBoundaryInfo {
  readonly role: string;
  readonly boundary: BoundaryInfo;
  /** `service:Action`, sorted. */
  readonly actions: readonly string[];
}

export interface EffectivePermissionsResult {
  readonly namespace: string;
  readonly name: string;
  /** The manifest the ServiceAccount was read from, when the target named one (its role annotation only). */
  readonly manifest?: string;
  readonly roles: readonly RoleInfo[];
  /** By service, then action, then statement. */
  readonly rows: readonly PermissionRowInfo[];
  readonly unknowns: readonly UnknownInfo[];
  /** Per role with a permissions boundary: the actions its policies grant that the boundary does not allow (left out of `rows`). */
  readonly outsideBoundary: readonly OutsideBoundaryInfo[];
  /** That SCPs, resource policies and session policies are not taken into account. */
  readonly note: string;
  /** The same answer as a Markdown document (a table per service, statements as links), for an editor to show. */
  readonly markdown: string;
}

export interface CanParams {
  readonly target: ServiceAccountTarget;
  /** `s3:GetObject` */
  readonly action: string;
  /** An ARN, or `*`. */
  readonly resource: string;
  /** The request context's keys as known; any other key is unknown, so the answer may be `depends`. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface CanResult {
  readonly namespace: string;
  readonly name: string;
  /** Null when no role is found for the ServiceAccount. */
  readonly decision: 'allowed' | 'explicit-deny' | 'implicit-deny' | 'depends' | null;
  /**
   * The role whose answer is the overall one. Every role the pods may assume is evaluated: allowed when
   * any allows, else depends when any depends, else denied (a role whose trust does not admit the
   * ServiceAccount counts only when no role does).
   */
  readonly role: RoleInfo | null;
  readonly otherRoles: readonly RoleInfo[];
  /** Each role found (annotation, then Pod Identity, then trust) and its own decision. */
  readonly roles: readonly { readonly role: RoleInfo; readonly decision: 'allowed' | 'explicit-deny' | 'implicit-deny' | 'depends' }[];
  /** `allowed`: the first Allow that matches; `explicit-deny`: the Deny that wins. */
  readonly statement: StatementPlace | null;
  /** `implicit-deny` because `role`'s permissions boundary does not allow what its policies do. */
  readonly outsideBoundary: BoundaryInfo | null;
  /** `depends`: the condition keys that would decide. */
  readonly dependsOn: readonly string[];
  /** The Pod Identity session tags added to the context. */
  readonly sessionTags: Readonly<Record<string, string>>;
  readonly unknowns: readonly UnknownInfo[];
  readonly note: string;
  /** One line: `allowed by …`, `denied by …`, `depends on …`, `no role found …`. */
  readonly summary: string;
  /** The answer as Markdown, the statement as a link. */
  readonly markdown: string;
}
