import { PermissionModel, RolePermissions } from '../workspace/permissions';
import { ContextValue, podIdentitySessionTags } from './context';
import { Decision, evaluate, StatementRef } from './evaluate';
import {
  lineAt,
  modelOf,
  NOT_EVALUATED,
  RoleSummary,
  roleSummary,
  ServiceAccountSources,
  StatementLocation,
  statementLocation,
  UnknownSummary,
  unknownsOf,
} from './serviceAccount';

/** A question about a ServiceAccount: can its pods do `action` on `resource`, with what is known of the context? */
export interface ServiceAccountQuestion {
  readonly action: string;
  readonly resource: string;
  /** The keys given; any other key is unknown (so the answer may be `depends`). */
  readonly context?: Readonly<Record<string, ContextValue>>;
}

/** Where a role's permissions boundary is attached (its label, the file and 1-based line). */
export interface BoundaryLocation {
  readonly policy: string;
  readonly file: string;
  readonly line: number;
}

/** The answer for one role the ServiceAccount may assume. */
export interface RoleAnswer {
  readonly role: RoleSummary;
  readonly decision: Decision;
  /** `allowed`: the first Allow statement that matches; `explicit-deny`: the Deny statement. */
  readonly statement: StatementLocation | undefined;
  /**
   * `implicit-deny` because of the boundary: the identity policies allow it (or may), the role's
   * permissions boundary does not. Its label and where it is attached.
   */
  readonly outsideBoundary: BoundaryLocation | undefined;
  /** `depends`: the condition keys that would decide. */
  readonly dependsOn: readonly string[];
  /** The Pod Identity session tags added to the context. */
  readonly sessionTags: Readonly<Record<string, string>>;
}

export interface ServiceAccountAnswer {
  /**
   * Over every role the pods can assume (the rule, docs/permissions.md; a role whose trust does not
   * admit the ServiceAccount counts only when no role does): allowed when any role allows; else
   * depends when any role depends; else denied: `explicit-deny` when every role denies explicitly,
   * else `implicit-deny`.
   * Undefined when no role is found for the ServiceAccount.
   */
  readonly decision: Decision | undefined;
  /** The role whose answer is the overall one (the first that allows, depends, or the first role). */
  readonly role: RoleSummary | undefined;
  /** Each role found (annotation, then Pod Identity, then trust), each evaluated. */
  readonly roles: readonly RoleAnswer[];
  /** The roles other than `role`. */
  readonly otherRoles: readonly RoleSummary[];
  /** `role`'s statement. */
  readonly statement: StatementLocation | undefined;
  /** `role`'s boundary when the overall denial is its boundary's. */
  readonly outsideBoundary: BoundaryLocation | undefined;
  /** `depends`: the keys that would decide, over the roles that depend. */
  readonly dependsOn: readonly string[];
  /** `role`'s Pod Identity session tags. */
  readonly sessionTags: Readonly<Record<string, string>>;
  readonly unknowns: readonly UnknownSummary[];
  readonly note: string;
}

/**
 * Evaluates the question against every identity policy and the boundary of each role the
 * ServiceAccount may assume (AWS's logic: evaluation/evaluate.ts), with a partial context: the keys
 * given, plus the session tags of a Pod Identity link (the cluster's when the files name it).
 */
export function askServiceAccount(
  sources: ServiceAccountSources,
  namespace: string,
  name: string,
  question: ServiceAccountQuestion,
  manifest?: string,
): ServiceAccountAnswer {
  return askPermissionModel(sources, modelOf(sources, namespace, name, manifest), namespace, name, question);
}

/** `askServiceAccount` over a permission model already built (several questions about one ServiceAccount). */
export function askPermissionModel(
  sources: ServiceAccountSources,
  model: PermissionModel,
  namespace: string,
  name: string,
  question: ServiceAccountQuestion,
): ServiceAccountAnswer {
  const unknowns = unknownsOf(sources, model);
  const roles = model.roles.map((role) => askRole(sources, role, namespace, name, question));
  // A role whose trust does not admit the ServiceAccount cannot be assumed: it decides nothing, unless no role can be.
  const assumable = roles.filter((r) => r.role.trustAdmits !== false);
  const candidates = assumable.length ? assumable : roles;
  const decisive =
    candidates.find((r) => r.decision === 'allowed') ??
    candidates.find((r) => r.decision === 'depends') ??
    candidates.find((r) => r.decision === 'implicit-deny') ??
    candidates[0];
  const decision: Decision | undefined = decisive?.decision;
  return {
    decision,
    role: decisive?.role,
    roles,
    otherRoles: roles.filter((r) => r !== decisive).map((r) => r.role),
    statement: decisive?.statement,
    outsideBoundary: decisive?.outsideBoundary,
    dependsOn: decision === 'depends' ? [...new Set(candidates.filter((r) => r.decision === 'depends').flatMap((r) => r.dependsOn))] : [],
    sessionTags: decisive?.sessionTags ?? {},
    unknowns,
    note: NOT_EVALUATED,
  };
}

/** Where the role's permissions boundary is attached. */
export function boundaryLocation(sources: ServiceAccountSources, role: RolePermissions): BoundaryLocation | undefined {
  if (!role.boundary) return undefined;
  const at = role.boundary.attachedAt;
  return { policy: role.boundary.label, file: at.uri, line: lineAt(sources.read(at.uri), at.range.start) };
}

function askRole(sources: ServiceAccountSources, role: RolePermissions, namespace: string, name: string, question: ServiceAccountQuestion): RoleAnswer {
  const sessionTags: Record<string, string> = {};
  if (role.via === 'pod-identity') {
    // The cluster's tags only when the association's file names the cluster; else they stay unknown.
    const cluster = role.reference?.fact.cluster;
    for (const [key, value] of Object.entries(podIdentitySessionTags(cluster ?? { name: '' }, namespace, name)))
      if (cluster || !key.startsWith('aws:PrincipalTag/eks-cluster-')) sessionTags[key] = value;
  }
  const policies = role.policies.map((p) => p.policy);
  const request = { action: question.action, resource: question.resource, context: { ...sessionTags, ...question.context }, complete: false };
  const evaluation = evaluate(request, policies, role.boundary?.policy);
  const locate = (ref: StatementRef | undefined): StatementLocation | undefined => {
    if (!ref) return undefined;
    const attached = ref.policy === 'boundary' ? role.boundary : role.policies[ref.policy];
    const statement = attached?.policy.statements.find((s) => s.index === ref.statement);
    return attached && statement ? statementLocation(sources, attached, statement, ref.policy === 'boundary') : undefined;
  };
  let outsideBoundary: BoundaryLocation | undefined;
  let allowedBy = evaluation.allowedBy?.[0];
  if (evaluation.decision === 'implicit-deny' && role.boundary) {
    // Denied, yet the identity policies alone would allow it (or may): the boundary is what denies.
    const alone = evaluate(request, policies);
    if (alone.decision === 'allowed' || alone.decision === 'depends') {
      outsideBoundary = boundaryLocation(sources, role);
      allowedBy = alone.allowedBy?.[0];
    }
  }
  return {
    role: roleSummary(sources, role, namespace, name),
    decision: evaluation.decision,
    statement: locate(evaluation.deniedBy ?? allowedBy),
    outsideBoundary,
    dependsOn: evaluation.dependsOn ?? [],
    sessionTags,
  };
}
