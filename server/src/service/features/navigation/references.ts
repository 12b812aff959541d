import { Location } from 'vscode-languageserver-types';
import { OffsetRange } from '../../parse/range';
import { RoleDefinition } from '../../workspace/facts';
import { Located, parseRoleArn, WorkspaceIndex } from '../../workspace/index';
import { referencesOfRole, resolveUse, rolesOfTrustPolicy, valueAdmits } from '../../workspace/roles';
import { targetAt, trustPoliciesOf } from './targets';
import { locationOf } from './locations';
import { subjectOf } from '../../catalog/oidc';
import { FeatureContext } from '../context';

/**
 * Find references, target → origins: on a role's name, anywhere in its trust policy or on an ARN
 * of it, every role ARN of the workspace that resolves to that role (the declaration too when
 * asked); on a ServiceAccount's name or a use of it, the `:sub` values that admit it and the
 * workloads and associations that run as it.
 */
export function findReferences(context: FeatureContext, offset: number, includeDeclaration: boolean): Location[] {
  const { uri, index } = context;
  const target = targetAt(context.facts, offset, ['role-reference', 'role-definition', 'service-account', 'service-account-use', 'trust-policy']);
  if (!target) return [];
  const found: Located<{ readonly range: OffsetRange }>[] = [];
  switch (target.kind) {
    case 'role-definition':
      found.push(...roleReferences([{ uri, fact: target.role }], index, includeDeclaration));
      break;
    case 'trust-policy':
      found.push(...roleReferences(rolesOfTrustPolicy(uri, target.policy, index), index, includeDeclaration));
      break;
    case 'role-reference': {
      const resolved = resolveUse(target.reference, uri, index);
      if (!resolved) return [];
      if (resolved.role) found.push(...roleReferences([resolved.role], index, includeDeclaration));
      else if (resolved.arn) {
        const arn = resolved.arn;
        // A role defined nowhere: the other ARNs that name it, as unresolved as this one.
        const same = (text: string) => {
          const other = parseRoleArn(text);
          return other !== undefined && other.account === arn.account && other.path === arn.path && other.name.toLowerCase() === arn.name.toLowerCase();
        };
        found.push(...index.referencesTo(arn.name).filter((r) => same(r.fact.arn)));
      }
      break;
    }
    case 'service-account':
      found.push(...serviceAccountReferences(target.serviceAccount.namespace, target.serviceAccount.name, index));
      if (includeDeclaration) found.push({ uri, fact: target.serviceAccount });
      break;
    case 'service-account-use': {
      const { namespace, name } = target.use;
      found.push(...serviceAccountReferences(namespace, name, index));
      if (includeDeclaration) found.push(...index.serviceAccounts(namespace, name));
      break;
    }
  }
  return unique(found.flatMap((f) => locationOf(index, f.uri, f.fact.range) ?? []));
}

function roleReferences(
  roles: readonly Located<RoleDefinition>[],
  index: WorkspaceIndex,
  includeDeclaration: boolean,
): Located<{ readonly range: OffsetRange }>[] {
  return roles.flatMap((role) => [...(includeDeclaration ? [role] : []), ...referencesOfRole(role, index)]);
}

/** The `:sub` values that admit the ServiceAccount, and the workloads and associations that name it. */
function serviceAccountReferences(namespace: string, name: string, index: WorkspaceIndex): Located<{ readonly range: OffsetRange }>[] {
  const subject = subjectOf(namespace, name);
  const found: Located<{ readonly range: OffsetRange }>[] = [];
  for (const file of index.all()) {
    for (const policy of trustPoliciesOf(file.facts)) {
      for (const statement of policy.statements) {
        for (const condition of statement.subjects) {
          if (condition.operator.includes('Not')) continue;
          for (const value of condition.values)
            if (!value.value.includes('${') && valueAdmits(condition.operator, value.value, subject)) found.push({ uri: file.uri, fact: value });
        }
      }
    }
    for (const workload of file.facts.workloads) {
      if (workload.explicit && workload.namespace === namespace && workload.serviceAccountName === name) found.push({ uri: file.uri, fact: workload });
    }
    for (const reference of file.facts.references) {
      const sa = reference.serviceAccount;
      if (reference.kind === 'pod-identity' && sa && sa.namespace === namespace && sa.name === name) found.push({ uri: file.uri, fact: sa });
    }
  }
  return found;
}

function unique(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = `${l.uri}#${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
