import { OffsetRange } from '../../parse/range';
import { NO_FACTS, PermissionReference, RoleDefinition, RoleReference, ServiceAccountFact, TrustPolicyFacts } from '../facts';
import { SourceExtraction, SourceInput, SourcePolicy } from './source';
import { TemplateValue, yamlValue } from './templateValues';
import { clusterOf } from './cluster';
import { podIdentityTrust, serviceAccountTrust } from './eksctlTrust';

/**
 * eksctl `ClusterConfig` files: the roles eksctl creates for `iam.serviceAccounts` (IRSA, with a trust
 * it generates for exactly that ServiceAccount, and the ServiceAccount itself unless `roleOnly`) and for
 * `iam.podIdentityAssociations` (trusting `pods.eks.amazonaws.com`), or the existing roles they name.
 */
export function extractEksctl(input: SourceInput): SourceExtraction | undefined {
  const configs = (input.yaml?.documents ?? [])
    .map((document) => yamlValue(document.contents, input.text))
    .filter((root): root is TemplateValue => root !== undefined && isClusterConfig(root));
  if (configs.length === 0) return undefined;
  const reader = new ClusterConfigReader();
  for (const config of configs) {
    const metadata = config.get('metadata');
    reader.cluster = { name: metadata?.get('name')?.string, region: metadata?.get('region')?.string };
    const iam = config.get('iam');
    for (const item of iam?.get('serviceAccounts')?.items() ?? []) reader.serviceAccount(item);
    for (const item of iam?.get('podIdentityAssociations')?.items() ?? []) reader.podIdentityAssociation(item);
    for (const addon of config.get('addons')?.items() ?? []) reader.addon(addon);
    for (const key of ['nodeGroups', 'managedNodeGroups']) for (const group of config.get(key)?.items() ?? []) reader.nodeGroup(group);
  }
  return reader.extraction();
}

function isClusterConfig(root: TemplateValue): boolean {
  return root.get('apiVersion')?.string?.startsWith('eksctl.io/') === true && root.get('kind')?.string === 'ClusterConfig';
}

/** A value's range: a string's characters without its quotes. */
function where(value: TemplateValue): OffsetRange {
  return value.characters()?.content ?? value.range;
}

class ClusterConfigReader {
  private readonly roles: RoleDefinition[] = [];
  private readonly references: RoleReference[] = [];
  private readonly serviceAccounts: ServiceAccountFact[] = [];
  private readonly trustPolicies: TrustPolicyFacts[] = [];
  private readonly policies: SourcePolicy[] = [];
  /** The ClusterConfig's `metadata.name` and `metadata.region`. */
  cluster: { name?: string; region?: string } = {};

  /** `iam.serviceAccounts[]`: IRSA. */
  serviceAccount(item: TemplateValue): void {
    const metadata = item.get('metadata');
    const nameValue = metadata?.get('name');
    const namespaceValue = metadata?.get('namespace');
    if (nameValue?.string === undefined) return;
    const sa: ServiceAccountFact = {
      name: nameValue.string,
      namespace: namespaceValue?.string ?? 'default',
      namespaceExplicit: namespaceValue?.string !== undefined,
      range: where(nameValue),
    };
    // eksctl creates the ServiceAccount, annotated with the role, unless told to create the role only.
    const roleOnly = item.get('roleOnly')?.boolean === true;
    if (!roleOnly) this.serviceAccounts.push(sa);
    const existing = item.get('attachRoleARN');
    if (existing?.string !== undefined) {
      if (!roleOnly) this.references.push({ kind: 'irsa', arn: existing.string, range: where(existing), serviceAccount: sa });
      return;
    }
    const trust = this.generated(serviceAccountTrust(item.range, sa));
    const permissions = [...this.managed(item.get('attachPolicyARNs')), ...this.inline(item, 'attachPolicy'), ...this.wellKnown(item.get('wellKnownPolicies'))];
    this.role(item.get('roleName'), `${sa.namespace}/${sa.name}`, sa.range, trust, permissions, item.get('permissionsBoundary'));
  }

  /**
   * `iam.podIdentityAssociations[]` (and an addon's): EKS Pod Identity, with an existing role (`roleARN`)
   * or one eksctl creates for that association, linked to it by namespace and name.
   */
  podIdentityAssociation(item: TemplateValue, defaultNamespace?: string): void {
    const written = item.get('namespace')?.string;
    const namespace = written ?? defaultNamespace;
    const nameValue = item.get('serviceAccountName');
    const sa: ServiceAccountFact | undefined =
      namespace !== undefined && nameValue?.string !== undefined
        ? { name: nameValue.string, namespace, namespaceExplicit: written !== undefined, range: where(nameValue) }
        : undefined;
    if (sa && item.get('createServiceAccount')?.boolean === true) this.serviceAccounts.push(sa);
    const arn = item.get('roleARN');
    if (arn?.string !== undefined) {
      this.references.push({ kind: 'pod-identity', arn: arn.string, range: where(arn), serviceAccount: sa, ...this.clusterOf(arn.string) });
      return;
    }
    const { trust, reference } = podIdentityTrust(item.range, sa);
    this.generated(trust);
    if (reference) this.references.push({ ...reference, ...this.clusterOf(undefined) });
    const permissions = [
      ...this.managed(item.get('permissionPolicyARNs')),
      ...this.inline(item, 'permissionPolicy'),
      ...this.wellKnown(item.get('wellKnownPolicies')),
    ];
    const label = `${namespace ?? '?'}/${nameValue?.string ?? '?'}`;
    this.role(item.get('roleName'), label, sa?.range ?? item.range, trust, permissions, item.get('permissionsBoundaryARN'));
  }

  /** The association's cluster: the config's; its ARN when the region is written and the role's ARN gives the account. */
  private clusterOf(roleArn: string | undefined) {
    return clusterOf(this.cluster.name, this.cluster.region, roleArn);
  }

  /**
   * `addons[]`: an addon's IRSA role (`attachPolicy`, `attachPolicyARNs`, `wellKnownPolicies`), made by
   * eksctl for the addon's own ServiceAccount (its name is the addon's business: no trust to read), an
   * existing role (`serviceAccountRoleARN`), and the addon's `podIdentityAssociations`.
   */
  addon(addon: TemplateValue): void {
    const nameValue = addon.get('name');
    const label = `addon ${nameValue?.string ?? '?'}`;
    const existing = addon.get('serviceAccountRoleARN');
    if (existing?.string !== undefined) this.references.push({ kind: 'irsa', arn: existing.string, range: where(existing), serviceAccount: undefined });
    for (const item of addon.get('podIdentityAssociations')?.items() ?? []) this.podIdentityAssociation(item, 'kube-system');
    const permissions = [
      ...this.managed(addon.get('attachPolicyARNs')),
      ...this.inline(addon, 'attachPolicy'),
      ...this.wellKnown(addon.get('wellKnownPolicies')),
    ];
    if (permissions.length > 0) this.generatedRole(label, nameValue ? where(nameValue) : addon.range, permissions);
  }

  /** `nodeGroups[]` / `managedNodeGroups[]`: the nodes' instance role, `iam.attachPolicy` checked in place, `iam.attachPolicyARNs`. */
  nodeGroup(group: TemplateValue): void {
    const iam = group.get('iam');
    if (!iam) return;
    const nameValue = group.get('name');
    const permissions = [...this.managed(iam.get('attachPolicyARNs')), ...this.inline(iam, 'attachPolicy')];
    if (permissions.length === 0) return;
    const roleName = iam.get('instanceRoleName');
    this.generatedRole(`nodegroup ${nameValue?.string ?? '?'}`, nameValue ? where(nameValue) : group.range, permissions, roleName);
    const boundary = this.boundaryOf(iam.get('instanceRolePermissionsBoundary'));
    if (boundary) this.roles[this.roles.length - 1] = { ...this.roles[this.roles.length - 1], boundary };
  }

  extraction(): SourceExtraction {
    return {
      source: 'eksctl',
      facts: { ...NO_FACTS, roles: this.roles, references: this.references, serviceAccounts: this.serviceAccounts, trustPolicies: this.trustPolicies },
      policies: this.policies,
    };
  }

  private generated(trust: TrustPolicyFacts): TrustPolicyFacts {
    this.trustPolicies.push(trust);
    return trust;
  }

  private role(
    nameValue: TemplateValue | undefined,
    label: string,
    fallback: OffsetRange,
    trust: TrustPolicyFacts | undefined,
    permissions: PermissionReference[],
    boundaryValue?: TemplateValue,
  ): void {
    const name = nameValue?.string;
    const boundary = this.boundaryOf(boundaryValue);
    this.roles.push({
      source: 'eksctl',
      // Without `roleName` eksctl generates one (eksctl-<cluster>-addon-iamserviceaccount-…): unknown here.
      name,
      label,
      path: '/',
      account: undefined,
      range: name !== undefined && nameValue ? where(nameValue) : fallback,
      trust: trust && { kind: 'embedded', policy: trust },
      permissions,
      ...(boundary ? { boundary } : {}),
    });
  }

  /** `permissionsBoundary` (an ARN): the role's boundary; a value that is not a string is said as written (computed). */
  private boundaryOf(value: TemplateValue | undefined): PermissionReference | undefined {
    return value ? { kind: 'managed', label: value.string ?? value.written(), range: where(value) } : undefined;
  }

  /** A role eksctl makes whose trust it writes for what iam-irsa cannot see (an addon's ServiceAccount, EC2): none recorded. */
  private generatedRole(label: string, range: OffsetRange, permissions: PermissionReference[], nameValue?: TemplateValue): void {
    this.role(nameValue, label, range, undefined, permissions);
  }

  private managed(arns: TemplateValue | undefined): PermissionReference[] {
    return (arns?.items() ?? []).flatMap((arn) => (arn.string !== undefined ? [{ kind: 'managed' as const, label: arn.string, range: where(arn) }] : []));
  }

  /** `attachPolicy` / `permissionPolicy`: a policy document written in the config, checked in place. */
  private inline(item: TemplateValue, key: string): PermissionReference[] {
    const entry = item.entries().find((e) => e.key === key);
    const root = entry?.value?.tree();
    if (!entry || root?.type !== 'object') return [];
    this.policies.push({ policy: { root, errors: [] }, kind: 'identity' });
    return [{ kind: 'inline', label: key, range: entry.keyRange }];
  }

  /** `wellKnownPolicies: {autoScaler: true, …}`: policies eksctl knows by name. */
  private wellKnown(value: TemplateValue | undefined): PermissionReference[] {
    return (value?.entries() ?? []).flatMap((e) =>
      e.value?.boolean === true ? [{ kind: 'managed' as const, label: `wellKnownPolicies.${e.key}`, range: e.keyRange }] : [],
    );
  }
}
