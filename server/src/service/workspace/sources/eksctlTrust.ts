import { EKS_DEFAULT_AUDIENCE, subjectOf } from '../../catalog/oidc';
import { OffsetRange } from '../../parse/range';
import { RoleReference, ServiceAccountFact, TrustPolicyFacts, TrustStatementFacts } from '../facts';

/**
 * The trusts eksctl generates for the roles it makes, whether asked in a ClusterConfig (`eksctl.ts`) or
 * on the command line (`eksctlCli.ts`): one Allow statement, placed on what asks for it (`range`).
 */
export function generatedTrust(
  range: OffsetRange,
  statement: Pick<TrustStatementFacts, 'webIdentity' | 'podIdentity' | 'subjects' | 'audiences' | 'podIdentityServiceAccounts'>,
): TrustPolicyFacts {
  return { range, statements: [{ range: { start: range.start, end: range.start + 1 }, allow: true, providers: [], ...statement }] };
}

/** For a ServiceAccount (IRSA): the cluster's OIDC provider, unknown here; its `:sub` exactly this ServiceAccount, its `:aud` STS. */
export function serviceAccountTrust(range: OffsetRange, sa: ServiceAccountFact): TrustPolicyFacts {
  return generatedTrust(range, {
    webIdentity: true,
    podIdentity: false,
    subjects: [{ operator: 'StringEquals', provider: '', values: [{ value: subjectOf(sa.namespace, sa.name), range: sa.range }] }],
    audiences: [{ value: EKS_DEFAULT_AUDIENCE, range: sa.range }],
  });
}

/**
 * For one Pod Identity association without a role: `pods.eks.amazonaws.com`, made for that ServiceAccount,
 * and the association's use of it, which has no ARN to write: linked by its ServiceAccount (workspace/roles.ts).
 */
export function podIdentityTrust(range: OffsetRange, sa: ServiceAccountFact | undefined): { trust: TrustPolicyFacts; reference?: RoleReference } {
  const trust = generatedTrust(range, {
    webIdentity: false,
    podIdentity: true,
    subjects: [],
    audiences: [],
    ...(sa ? { podIdentityServiceAccounts: [{ namespace: sa.namespace, name: sa.name }] } : {}),
  });
  return sa ? { trust, reference: { kind: 'pod-identity', arn: '', template: true, range: sa.range, serviceAccount: sa } } : { trust };
}
