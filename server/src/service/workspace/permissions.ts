import { RoleDefinition, RoleReference } from './facts';
import { Located, parseRoleArn } from './index';
import { AttachedPolicy, AttachmentSources, PermissionUnknown, resolveAttachment } from './policyAttachments';
import { admittingValues, resolveRoleReference, resolveUse, statementAdmits } from './roles';

export type { AttachedPolicy, AttachmentKind, AttachmentSources, PermissionUnknown, PolicyDocumentSource, UnknownReason } from './policyAttachments';

/**
 * What the pods of a ServiceAccount may be granted, from the files of the workspace: the roles it
 * assumes and every policy attached to each, with where each comes from. Identity policies and
 * boundaries only: service control policies and resource policies are out of scope. What the files
 * cannot tell is listed as unknown, never guessed.
 */
export interface PermissionModel {
  readonly namespace: string;
  readonly name: string;
  /** By annotation first, then by Pod Identity association, then by trust; in the order of the files within each. */
  readonly roles: readonly RolePermissions[];
  /** What cannot be known about which role the ServiceAccount assumes. */
  readonly unknowns: readonly PermissionUnknown[];
}

/** How the ServiceAccount comes to a role. */
export type RoleVia =
  /** Its `eks.amazonaws.com/role-arn` annotation names the role. */
  | 'annotation'
  /** An EKS Pod Identity association names it. */
  | 'pod-identity'
  /** No literal role ARN in an annotation or association: the role's trust admits the ServiceAccount by its `:sub`. */
  | 'trust';

export interface RolePermissions {
  readonly role: Located<RoleDefinition>;
  readonly via: RoleVia;
  /** The annotation or association naming the role (none when found by trust). */
  readonly reference?: Located<RoleReference>;
  /** Every policy attached in the workspace whose document is known: inline, customer managed, AWS managed. */
  readonly policies: readonly AttachedPolicy[];
  /** The permissions boundary, when one is declared and its document is known. */
  readonly boundary?: AttachedPolicy;
  /** Attachments (the boundary included) whose document cannot be known from the files. */
  readonly unknowns: readonly PermissionUnknown[];
}

/**
 * The permission model of the ServiceAccount `namespace/name`. `manifest`: the URI of the manifest it
 * is read from (a hover, a lens): only that file's role annotation counts, not the one of another
 * manifest of the same namespace and name (another environment's folder, another example).
 */
export function permissionModel(namespace: string, name: string, sources: AttachmentSources, manifest?: string): PermissionModel {
  const unknowns: PermissionUnknown[] = [];
  const found: { role: Located<RoleDefinition>; via: RoleVia; reference?: Located<RoleReference> }[] = [];
  const add = (role: Located<RoleDefinition>, via: RoleVia, reference?: Located<RoleReference>) => {
    if (!found.some((f) => f.role.uri === role.uri && f.role.fact === role.fact)) found.push({ role, via, reference });
  };

  // Roles named by a literal ARN (annotation or association) are the ones used; else the trusts tell.
  let named = false;
  for (const reference of referencesOf(namespace, name, sources)) {
    if (manifest !== undefined && reference.fact.kind === 'irsa' && reference.uri !== manifest) continue;
    // A Pod Identity association with the role a tool makes for it (eksctl), or `aws_iam_role.x.arn`: linked by its ServiceAccount.
    const made = reference.fact.kind === 'pod-identity' && reference.fact.template ? resolveUse(reference.fact, reference.uri, sources.index) : undefined;
    if (made?.role) {
      named = true;
      add(made.role, 'pod-identity', reference);
      continue;
    }
    const arn = parseRoleArn(reference.fact.arn);
    const at = { label: reference.fact.arn, uri: reference.uri, range: reference.fact.range };
    if (!arn) {
      unknowns.push({
        ...at,
        reason: 'role-arn-not-literal',
        message: reference.fact.arn.trim()
          ? `${reference.fact.arn} is not a literal role ARN (a template, a variable): the role is looked for by trust.`
          : 'the association names no role ARN and no role of the workspace is made for it: the role is looked for by trust.',
      });
      continue;
    }
    named = true;
    const [best] = resolveRoleReference(arn, reference.uri, sources.index);
    if (best) add(best.role, reference.fact.kind === 'irsa' ? 'annotation' : 'pod-identity', reference);
    else
      unknowns.push({ ...at, reason: 'role-not-in-workspace', message: `The role ${arn.name} is not defined in the workspace: its policies are not known.` });
  }
  if (!named) for (const role of rolesAdmitting(namespace, name, sources)) add(role, 'trust');

  const rank: Record<RoleVia, number> = { annotation: 0, 'pod-identity': 1, trust: 2 };
  found.sort((a, b) => rank[a.via] - rank[b.via]);
  return { namespace, name, roles: found.map((f) => rolePermissions(f.role, f.via, f.reference, sources)), unknowns };
}

/** A role's attached policies and boundary, each resolved to its document or listed as unknown. */
export function rolePermissions(
  role: Located<RoleDefinition>,
  via: RoleVia,
  reference: Located<RoleReference> | undefined,
  sources: AttachmentSources,
): RolePermissions {
  const policies: AttachedPolicy[] = [];
  const unknowns: PermissionUnknown[] = [];
  for (const permission of role.fact.permissions) {
    const resolved = resolveAttachment(role, permission, sources);
    if ('policy' in resolved) policies.push(resolved.policy);
    else unknowns.push(resolved.unknown);
  }
  let boundary: AttachedPolicy | undefined;
  if (role.fact.boundary) {
    const resolved = resolveAttachment(role, role.fact.boundary, sources);
    if ('policy' in resolved) boundary = resolved.policy;
    else unknowns.push({ ...resolved.unknown, message: `Permissions boundary: ${resolved.unknown.message}`, boundary: true });
  }
  return { role, via, ...(reference ? { reference } : {}), policies, ...(boundary ? { boundary } : {}), unknowns };
}

/** The annotations and Pod Identity associations anywhere in the workspace that name this ServiceAccount. */
function referencesOf(namespace: string, name: string, sources: AttachmentSources): Located<RoleReference>[] {
  const result: Located<RoleReference>[] = [];
  for (const file of sources.index.all()) {
    for (const reference of file.facts.references) {
      const sa = reference.serviceAccount;
      if (reference.kind !== 'helm' && sa?.namespace === namespace && sa.name === name) result.push({ uri: file.uri, fact: reference });
    }
  }
  return result;
}

/**
 * The roles whose trust admits the ServiceAccount by a `:sub` naming it (a statement without any
 * `:sub` admits every ServiceAccount of the cluster, so it does not say this one uses the role).
 */
function rolesAdmitting(namespace: string, name: string, sources: AttachmentSources): Located<RoleDefinition>[] {
  const result: Located<RoleDefinition>[] = [];
  for (const file of sources.index.all()) {
    for (const fact of file.facts.roles) {
      const role = { uri: file.uri, fact };
      const trust = sources.index.trustOf(role);
      if (trust?.fact.statements.some((s) => admittingValues(s).length > 0 && statementAdmits(s, namespace, name))) result.push(role);
    }
  }
  return result;
}
