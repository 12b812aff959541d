import { CompletionItemKind } from 'vscode-languageserver-types';
import { Catalog } from '../../catalog/catalog';
import { EKS_DEFAULT_AUDIENCE, eksClaimOf, SERVICE_ACCOUNT_SUB_PREFIX } from '../../catalog/oidc';
import { parseOperator } from '../../catalog/operators';
import { allRegions } from '../../catalog/partitions';
import { ServiceAccountFact } from '../../workspace/facts';
import { WorkspaceIndex } from '../../workspace/index';
import { Candidate, sortKey } from './items';

function value(label: string, sort: string, detail: string, documentation?: string): Candidate {
  return { label, value: label, kind: CompletionItemKind.Value, detail, documentation, sort, data: { iamIrsa: 'condition-value' } };
}

/** The ServiceAccounts defined in the workspace, each once, by namespace then name. */
function workspaceServiceAccounts(index: WorkspaceIndex): ServiceAccountFact[] {
  const found = new Map<string, ServiceAccountFact>();
  for (const file of index.all()) for (const sa of file.facts.serviceAccounts) found.set(`${sa.namespace}:${sa.name}`, sa);
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, sa]) => sa);
}

/** `:sub` values: the subject of each ServiceAccount of the workspace, a namespace pattern for StringLike, and a template. */
function subjectCandidates(index: WorkspaceIndex, wildcards: boolean): Candidate[] {
  const accounts = workspaceServiceAccounts(index);
  const candidates = accounts.map((sa, i) =>
    value(`${SERVICE_ACCOUNT_SUB_PREFIX}${sa.namespace}:${sa.name}`, sortKey(0, i), `ServiceAccount ${sa.name} of namespace ${sa.namespace}`),
  );
  if (wildcards) {
    const namespaces = [...new Set(accounts.map((sa) => sa.namespace))];
    namespaces.forEach((ns, i) => candidates.push(value(`${SERVICE_ACCOUNT_SUB_PREFIX}${ns}:*`, sortKey(1, i), `Every ServiceAccount of namespace ${ns}`)));
  }
  candidates.push({
    label: `${SERVICE_ACCOUNT_SUB_PREFIX}<namespace>:<name>`,
    value: `${SERVICE_ACCOUNT_SUB_PREFIX}\${1:namespace}:\${2:name}`,
    snippet: true,
    filterText: SERVICE_ACCOUNT_SUB_PREFIX,
    kind: CompletionItemKind.Snippet,
    detail: 'The subject of a ServiceAccount token',
    sort: sortKey(2, 0),
    data: { iamIrsa: 'condition-value' },
  });
  return candidates;
}

/** `:aud` values: the pod identity webhook's default audience, and the audiences ServiceAccounts of the workspace ask for. */
function audienceCandidates(index: WorkspaceIndex): Candidate[] {
  const custom = new Set(
    workspaceServiceAccounts(index).flatMap((sa) => (sa.audience && sa.audience.value !== EKS_DEFAULT_AUDIENCE ? [sa.audience.value] : [])),
  );
  return [
    value(EKS_DEFAULT_AUDIENCE, sortKey(0, 0), 'The default audience of EKS ServiceAccount tokens'),
    ...[...custom].map((aud, i) => value(aud, sortKey(1, i), 'The audience a ServiceAccount of the workspace sets (eks.amazonaws.com/audience)')),
  ];
}

/** Values of the session tags EKS Pod Identity sets, from the workspace's ServiceAccounts. */
const POD_IDENTITY_TAG_VALUES: Record<string, (sa: ServiceAccountFact) => string> = {
  'aws:requesttag/kubernetes-namespace': (sa) => sa.namespace,
  'aws:requesttag/kubernetes-service-account': (sa) => sa.name,
};

/**
 * Values for well-known keys: `true`/`false` for Bool keys and the `Null` operator, `sts.amazonaws.com`
 * for an EKS `:aud`, ServiceAccount subjects for `:sub`, regions for `aws:RequestedRegion`, the
 * workspace's namespaces and names for the Pod Identity session tags, and the principal's tag of the
 * same name for a resource tag (ABAC).
 */
export function conditionValueCandidates(catalog: Catalog, index: WorkspaceIndex, operator: string, key: string): Candidate[] {
  const parsed = parseOperator(operator);
  const lower = key.toLowerCase();
  const type = catalog.conditionKey(key)?.type;
  if (parsed?.base.type === 'Null' || parsed?.base.type === 'Bool' || type === 'Bool' || type === 'ArrayOfBool') {
    const meaning = parsed?.base.type === 'Null' ? ['the key is absent from the request', 'the key is present'] : ['the key is true', 'the key is false'];
    return [value('true', sortKey(0, 0), meaning[0]), value('false', sortKey(0, 1), meaning[1])];
  }
  const claim = eksClaimOf(key);
  if (claim === 'sub') return subjectCandidates(index, parsed?.base.wildcards ?? false);
  if (claim === 'aud') return audienceCandidates(index);
  if (lower === 'aws:requestedregion') return allRegions().map((region, i) => value(region, sortKey(0, i), 'AWS Region'));
  const tagValue = POD_IDENTITY_TAG_VALUES[lower];
  if (tagValue) {
    const values = [...new Set(workspaceServiceAccounts(index).map(tagValue))];
    return values.map((v, i) => value(v, sortKey(0, i), 'From the ServiceAccounts of the workspace'));
  }
  const resourceTag = /^aws:resourcetag\/(.+)$/i.exec(key);
  if (resourceTag && parsed?.base.variables && !resourceTag[1].includes('$')) {
    return [value(`\${aws:PrincipalTag/${resourceTag[1]}}`, sortKey(0, 0), "The caller's tag of the same name (attribute-based access control)")];
  }
  return [];
}
