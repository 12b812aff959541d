import { POD_IDENTITY_PRINCIPAL } from '../../catalog/oidc';
import { principalOf, Statement } from '../../parse/policy';

/** The values of one principal type (`Service`, `Federated`…) of the statement's `Principal`. */
export function statementPrincipals(statement: Statement | undefined, type: string): string[] {
  const principal = principalOf(statement?.element.Principal);
  if (principal?.form !== 'object') return [];
  return principal.entries.filter((entry) => entry.key === type).flatMap((entry) => entry.values.map((node) => String(node.value)));
}

/**
 * A statement being written for a role's trust: it trusts an identity provider or EKS Pod Identity,
 * which only trust policies do (the policy's inferred kind says so only once an assume-role action is there).
 */
export function trustsIdentityProvider(statement: Statement | undefined): boolean {
  return statementPrincipals(statement, 'Federated').length > 0 || statementPrincipals(statement, 'Service').includes(POD_IDENTITY_PRINCIPAL);
}
