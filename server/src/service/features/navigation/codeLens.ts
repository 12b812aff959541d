import { CLIENT_COMMAND } from '../../../../../shared/protocol';
import { CodeLens, Location } from 'vscode-languageserver-types';
import { TrustPolicyFacts, TrustStatementFacts } from '../../workspace/facts';
import { referencesOfRole, rolesOfTrustPolicy, serviceAccountsAdmitted } from '../../workspace/roles';
import { trustPoliciesOf } from './targets';
import { locationOf, locationsOf } from './locations';
import { FeatureContext } from '../context';
import { permissionLenses } from '../permissions/permissionLens';

/** How many ServiceAccounts a lens names before "…". */
const NAMED = 3;

/**
 * A lens over each Allow statement of a trust policy (a policy file or one embedded in a role
 * definition) saying whom it admits: the ServiceAccount manifests of the workspace for web
 * identity, the associations of its roles for Pod Identity. Resolved at once: the work is a few
 * lookups in the index.
 */
export function findCodeLenses(context: FeatureContext): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const policy of trustPoliciesOf(context.facts)) {
    for (const statement of policy.statements) {
      if (!statement.allow) continue;
      if (statement.webIdentity) lenses.push(...webIdentityLens(context, statement));
      if (statement.podIdentity) lenses.push(...podIdentityLens(context, policy, statement));
    }
  }
  // Over each ServiceAccount a role annotation names (or the workspace gives a role): what its pods can do.
  lenses.push(...permissionLenses(context));
  return lenses;
}

function webIdentityLens(context: FeatureContext, statement: TrustStatementFacts): CodeLens[] {
  const admitted = serviceAccountsAdmitted(statement, context.index);
  // One ServiceAccount may have manifests in several folders: named once, every manifest shown.
  const names = [...new Set(admitted.map((sa) => `${sa.fact.namespace}/${sa.fact.name}`))].sort();
  const title =
    names.length === 0
      ? 'admits no ServiceAccount of the workspace'
      : `admits ${names.length} ServiceAccount${names.length === 1 ? '' : 's'}: ${names.slice(0, NAMED).join(', ')}${names.length > NAMED ? ', …' : ''}`;
  return lens(context, statement, title, locationsOf(context.index, admitted));
}

function podIdentityLens(context: FeatureContext, policy: TrustPolicyFacts, statement: TrustStatementFacts): CodeLens[] {
  const associations = rolesOfTrustPolicy(context.uri, policy, context.index)
    .flatMap((role) => referencesOfRole(role, context.index))
    .filter((reference) => reference.fact.kind === 'pod-identity');
  const locations = locationsOf(context.index, associations);
  return lens(context, statement, `Pod Identity: ${locations.length} association${locations.length === 1 ? '' : 's'}`, locations);
}

function lens(context: FeatureContext, statement: TrustStatementFacts, title: string, locations: Location[]): CodeLens[] {
  const at = locationOf(context.index, context.uri, statement.range);
  if (!at) return [];
  return [{ range: at.range, command: { title, command: CLIENT_COMMAND.showReferences, arguments: [context.uri, at.range.start, locations] } }];
}
