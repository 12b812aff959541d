import { Catalog, IamAction } from '../../catalog/catalog';
import { stringItems } from '../../parse/json';
import { POD_IDENTITY_PRINCIPAL } from '../../catalog/oidc';
import { principalOf, Statement } from '../../parse/policy';

/**
 * The catalogue actions the statement's `Action` names, wildcards expanded (a bare `*` names no
 * service in particular, and adds none).
 */
export function statementActions(catalog: Catalog, statement: Statement | undefined): IamAction[] {
  const actions = new Set<IamAction>();
  for (const node of stringItems(statement?.element.Action?.valueNode)) {
    const text = String(node.value);
    const colon = text.indexOf(':');
    if (colon <= 0) continue;
    for (const action of catalog.matchActions(text.slice(0, colon), text.slice(colon + 1))) actions.add(action);
  }
  return [...actions];
}

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
