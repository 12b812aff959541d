import { Catalog, iamWildcard } from '../catalog/catalog';
import { POD_IDENTITY_ACTIONS, POD_IDENTITY_PRINCIPAL, POD_IDENTITY_SCOPE_KEYS } from '../catalog/oidc';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { conditionsOf, principalOf, Statement } from '../parse/policy';
import { rangeOf } from '../parse/range';
import { meantActions } from './actions';
import { Finding } from './finding';

/** EKS Pod Identity trusts (PODID_MISSING_TAGSESSION, PODID_UNSCOPED). */

function podIdentityNodes(statement: Statement): JsonNode[] {
  if (statement.element.Effect?.valueNode?.value !== 'Allow') return [];
  const principal = principalOf(statement.element.Principal);
  if (principal?.form !== 'object') return [];
  return principal.entries
    .filter((e) => e.key === 'Service')
    .flatMap((e) => e.values.filter((v) => (v.value as string).toLowerCase() === POD_IDENTITY_PRINCIPAL));
}

/**
 * Both actions must be allowed to the Pod Identity principal, by one statement or between several.
 * One misspelled (`sts:AssumeRol3`) is INVALID_ACTION's, with the action it meant: not said twice.
 */
export function podIdentityActions(statements: readonly Statement[], text: string, catalog: Catalog): Finding[] {
  const trusting = statements.filter((s) => podIdentityNodes(s).length > 0);
  if (trusting.some((s) => s.element.NotAction)) return [];
  const pods = trusting.filter((s) => s.element.Action?.valueNode);
  if (pods.length === 0) return [];
  const written = pods.flatMap((s) => stringItems(s.element.Action?.valueNode).map((a) => a.value as string));
  const allowed = written.map((action) => iamWildcard(action));
  const misspelt = new Set(written.flatMap((action) => meantActions(action, catalog).map((meant) => meant.toLowerCase())));
  const missing = POD_IDENTITY_ACTIONS.filter((action) => !allowed.some((re) => re.test(action)) && !misspelt.has(action.toLowerCase()));
  if (missing.length === 0) return [];
  return pods.map((statement) => {
    const node = statement.element.Action!.valueNode!;
    const items = stringItems(node);
    const whole = node.type === 'string' || (node.type === 'array' && items.length === (node.children ?? []).length);
    const replacement = JSON.stringify([...items.map((i) => i.value as string), ...missing]).replace(/","/g, '", "');
    return {
      code: 'PODID_MISSING_TAGSESSION',
      ...(node.type === 'string' ? valueRange(node, text) : rangeOf(node)),
      message: `EKS Pod Identity calls sts:AssumeRole and sts:TagSession (it tags the session with the cluster, namespace and ServiceAccount), but ${missing.map((m) => `"${m}"`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not allowed: the pods of the association get no credentials. Allow ${missing.length > 1 ? 'both' : `"${missing[0]}" too`}`,
      data: whole ? { replacements: [replacement], range: rangeOf(node), missing } : { missing },
    };
  });
}

const SCOPE_KEYS = new Set(POD_IDENTITY_SCOPE_KEYS.map((k) => k.toLowerCase()));

export function podIdentityUnscoped(statement: Statement, text: string): Finding[] {
  const nodes = podIdentityNodes(statement);
  if (nodes.length === 0) return [];
  const scoped = conditionsOf(statement.element.Condition).some(
    (block) => block.key !== 'Null' && block.entries.some((e) => SCOPE_KEYS.has(e.key.toLowerCase())),
  );
  if (scoped) return [];
  return nodes.map((node) => ({
    code: 'PODID_UNSCOPED',
    ...valueRange(node, text),
    message: `Any Pod Identity association in the account can use this role, for any cluster, namespace and ServiceAccount. To narrow it, add a condition on the session tags EKS sets, such as "StringEquals": {"aws:RequestTag/kubernetes-namespace": "<namespace>"} (or aws:RequestTag/eks-cluster-arn, aws:SourceAccount)`,
    data: {
      key: 'aws:RequestTag/kubernetes-namespace',
      conditionRange: statement.element.Condition?.valueNode ? rangeOf(statement.element.Condition.valueNode) : undefined,
      statementRange: rangeOf(statement.node),
    },
  }));
}
