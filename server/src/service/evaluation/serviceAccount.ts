import { Catalog } from '../catalog/catalog';
import { ManagedPolicies } from '../catalog/managedPolicies';
import { Statement } from '../parse/policy';
import { Syntaxes } from '../parse/treeSitter';
import { lineStartsOf, positionAt, WorkspaceIndex } from '../workspace/index';
import { AttachedPolicy, PermissionModel, permissionModel, PermissionUnknown, RolePermissions, RoleVia } from '../workspace/permissions';
import { TextPolicyDocuments } from '../workspace/policyDocuments';
import { statementAdmits } from '../workspace/roles';

/**
 * What a question about a ServiceAccount's permissions reads: the workspace index (every file the
 * adapter indexed), the files' texts as the adapter has them, and the service's resources.
 */
export interface ServiceAccountSources {
  readonly index: WorkspaceIndex;
  readonly catalog: Catalog;
  readonly syntaxes: Syntaxes;
  readonly managedPolicies: ManagedPolicies;
  /** The text of a file of the workspace by its URI; undefined when it is not known. */
  readonly read: (uri: string) => string | undefined;
}

/** Said with every answer: the files cannot tell these, so they are not evaluated. */
export const NOT_EVALUATED =
  'Service control policies (SCPs), resource policies (bucket, key and queue policies) and session policies are not taken into account.';

/** Where a statement is written: the policy's label, the file (a URI) or AWS managed policy ARN, its 1-based line. */
export interface StatementLocation {
  readonly policy: string;
  /** `boundary` when the statement is the role's permissions boundary's. */
  readonly kind: AttachedPolicy['kind'] | 'boundary';
  /** A `file://` URI, or the ARN of an AWS managed policy. */
  readonly file: string;
  readonly line: number;
  readonly sid: string | undefined;
  /** 0-based index of the statement in its policy. */
  readonly index: number;
}

/** A role of the ServiceAccount, as an answer names it. */
export interface RoleSummary {
  /** The role's name, else its label in the source. */
  readonly name: string;
  readonly via: RoleVia;
  /** Where the role is defined: a `file://` URI and 1-based line. */
  readonly file: string;
  readonly line: number;
  readonly policies: readonly string[];
  readonly boundary: string | undefined;
  /**
   * Named by an IRSA annotation: whether the role's trust admits the ServiceAccount's `:sub` (false:
   * its pods cannot assume the role, LINK_TRUST_DOES_NOT_ADMIT_SA); undefined when not known or not IRSA.
   */
  readonly trustAdmits: boolean | undefined;
}

/** Something that cannot be known, where it is written. */
export interface UnknownSummary {
  readonly reason: PermissionUnknown['reason'];
  readonly label: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
}

/** The permission model of `namespace/name` over the sources, and helpers to say where things are. */
/** `manifest`: as `permissionModel` reads it (only that manifest's role annotation). */
export function modelOf(sources: ServiceAccountSources, namespace: string, name: string, manifest?: string): PermissionModel {
  const documents = new TextPolicyDocuments(sources.read, sources.syntaxes);
  return permissionModel(namespace, name, { index: sources.index, documents, managedPolicies: sources.managedPolicies }, manifest);
}

/** An AWS managed policy of thousands of lines is scanned once, not per statement: `lineStartsOf` remembers the last texts. */
export function lineAt(text: string | undefined, offset: number): number {
  if (text === undefined) return 1;
  return positionAt(lineStartsOf(text), offset).line + 1;
}

export function statementLocation(sources: ServiceAccountSources, attached: AttachedPolicy, statement: Statement, boundary = false): StatementLocation {
  const document = attached.document;
  const file = document.kind === 'aws-managed' ? document.arn : document.uri;
  const text = document.kind === 'aws-managed' ? document.text : sources.read(document.uri);
  const sid = statement.element.Sid?.valueNode;
  return {
    policy: attached.label,
    kind: boundary ? 'boundary' : attached.kind,
    file,
    line: lineAt(text, statement.node.offset),
    sid: sid?.type === 'string' ? (sid.value as string) : undefined,
    index: statement.index,
  };
}

export function roleSummary(sources: ServiceAccountSources, role: RolePermissions, namespace: string, name: string): RoleSummary {
  const fact = role.role.fact;
  const trust = role.via === 'annotation' ? sources.index.trustOf(role.role) : undefined;
  return {
    name: fact.name ?? fact.label,
    via: role.via,
    file: role.role.uri,
    line: lineAt(sources.read(role.role.uri), fact.range.start),
    policies: role.policies.map((p) => p.label),
    boundary: role.boundary?.label,
    trustAdmits: trust ? trust.fact.statements.some((s) => statementAdmits(s, namespace, name)) : undefined,
  };
}

/** The model's unknowns and every role's, each with its line. */
export function unknownsOf(sources: ServiceAccountSources, model: PermissionModel): UnknownSummary[] {
  return [...model.unknowns, ...model.roles.flatMap((r) => r.unknowns)].map((u) => ({
    reason: u.reason,
    label: u.label,
    message: u.message,
    file: u.uri,
    line: lineAt(sources.read(u.uri), u.range.start),
  }));
}
