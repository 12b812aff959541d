import { PermissionModel } from '../workspace/permissions';
import { ContextValue, podIdentitySessionTags } from './context';
import { evaluate, StatementRef } from './evaluate';
import {
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

export interface ServiceAccountAnswer {
  /** Undefined when no role is found for the ServiceAccount. */
  readonly decision: 'allowed' | 'explicit-deny' | 'implicit-deny' | 'depends' | undefined;
  /** The role evaluated (the first found: annotation, then Pod Identity, then trust). */
  readonly role: RoleSummary | undefined;
  /** The other roles found, not evaluated. */
  readonly otherRoles: readonly RoleSummary[];
  /** `allowed`: the first Allow statement that matches; `explicit-deny`: the Deny statement. */
  readonly statement: StatementLocation | undefined;
  /** `depends`: the condition keys that would decide. */
  readonly dependsOn: readonly string[];
  /** The Pod Identity session tags added to the context. */
  readonly sessionTags: Readonly<Record<string, string>>;
  readonly unknowns: readonly UnknownSummary[];
  readonly note: string;
}

/** Pod Identity sets the cluster's name too; the files do not say which cluster, so that tag stays unknown. */
const CLUSTER_TAGS = ['aws:PrincipalTag/eks-cluster-name', 'aws:PrincipalTag/eks-cluster-arn'];

/**
 * Evaluates the question against every identity policy of the ServiceAccount's role and its
 * boundary (AWS's logic: evaluation/evaluate.ts), with a partial context: the keys given, plus the
 * session tags of a Pod Identity link.
 */
export function askServiceAccount(sources: ServiceAccountSources, namespace: string, name: string, question: ServiceAccountQuestion): ServiceAccountAnswer {
  return askPermissionModel(sources, modelOf(sources, namespace, name), namespace, name, question);
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
  const [role, ...others] = model.roles;
  const otherRoles = others.map((r) => roleSummary(sources, r, namespace, name));
  if (!role) return { decision: undefined, role: undefined, otherRoles, statement: undefined, dependsOn: [], sessionTags: {}, unknowns, note: NOT_EVALUATED };
  const sessionTags: Record<string, string> = {};
  if (role.via === 'pod-identity') {
    for (const [key, value] of Object.entries(podIdentitySessionTags({ name: '' }, namespace, name))) if (!CLUSTER_TAGS.includes(key)) sessionTags[key] = value;
  }
  const policies = role.policies.map((p) => p.policy);
  const evaluation = evaluate(
    { action: question.action, resource: question.resource, context: { ...sessionTags, ...question.context }, complete: false },
    policies,
    role.boundary?.policy,
  );
  const locate = (ref: StatementRef | undefined): StatementLocation | undefined => {
    if (!ref) return undefined;
    const attached = ref.policy === 'boundary' ? role.boundary : role.policies[ref.policy];
    const statement = attached?.policy.statements.find((s) => s.index === ref.statement);
    return attached && statement ? statementLocation(sources, attached, statement, ref.policy === 'boundary') : undefined;
  };
  return {
    decision: evaluation.decision,
    role: roleSummary(sources, role, namespace, name),
    otherRoles,
    statement: locate(evaluation.deniedBy ?? evaluation.allowedBy?.[0]),
    dependsOn: evaluation.dependsOn ?? [],
    sessionTags,
    unknowns,
    note: NOT_EVALUATED,
  };
}
