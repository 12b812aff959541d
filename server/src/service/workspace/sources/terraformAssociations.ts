import { OffsetRange } from '../../parse/range';
import { FileFacts, RoleReference, ServiceAccountFact, ValueTemplate } from '../facts';
import { clusterOf } from './cluster';
import { HclAttribute, literalString, referenceOf, span } from './terraformHcl';
import { templateFromText } from './terraformTrust';

/**
 * `resource "aws_eks_pod_identity_association"`: `role_arn` a literal ARN (or one written with the
 * folder's values), or `aws_iam_role.X.arn` of the same file (`roles.link` links that role to the
 * association's ServiceAccount); `cluster_name` a literal names the cluster of the session tags.
 */
export function podIdentityAssociation(
  attributes: ReadonlyMap<string, HclAttribute>,
  roles: { has(resourceName: string): boolean; link(resourceName: string, sa: ServiceAccountFact): void },
): RoleReference | undefined {
  const [arn, namespace, serviceAccount] = ['role_arn', 'namespace', 'service_account'].map((name) => valueOf(attributes.get(name)));
  const cluster = clusterOf(literalString(attributes.get('cluster_name')?.value)?.value, undefined, undefined);
  const roleArn = attributes.get('role_arn');
  const reference = referenceOf(roleArn?.value);
  if (roleArn && reference?.length === 3 && reference[0] === 'aws_iam_role' && reference[2] === 'arn' && roles.has(reference[1])) {
    // `role_arn = aws_iam_role.x.arn`: this file's role, its ARN unknown (the account is): linked by the association's
    // ServiceAccount, as the role eksctl makes for an association is (workspace/roles.ts, podIdentityRoleFor).
    if (namespace?.value === undefined || serviceAccount?.value === undefined) return undefined;
    const sa = { name: serviceAccount.value, namespace: namespace.value, namespaceExplicit: true, range: serviceAccount.range };
    roles.link(reference[1], sa);
    return { kind: 'pod-identity', arn: '', template: true, range: span(roleArn.value), serviceAccount: sa, ...cluster };
  }
  if (!arn) return undefined;
  const templates = { arn: arn.template, namespace: namespace?.template, name: serviceAccount?.template };
  return {
    kind: 'pod-identity',
    arn: arn.value ?? '',
    range: arn.range,
    serviceAccount:
      namespace && serviceAccount
        ? { name: serviceAccount.value ?? '', namespace: namespace.value ?? '', namespaceExplicit: true, range: serviceAccount.range }
        : undefined,
    ...(templates.arn || templates.namespace || templates.name ? { templates } : {}),
    ...cluster,
  };
}

/** Whether some fact waits for the folder's values: a role name or a trust condition written with `var.`/`local.`. */
export function hasTemplates(facts: FileFacts): boolean {
  return (
    facts.roles.some((r) => r.nameTemplate || r.pathTemplate) ||
    facts.references.some((r) => r.templates) ||
    facts.trustPolicies.some((p) =>
      p.statements.some(
        (s) => s.providers.some((v) => v.template) || s.audiences.some((v) => v.template) || s.subjects.some((c) => c.values.some((v) => v.template)),
      ),
    )
  );
}

/** A string attribute: a literal (at its content), or a template of the folder's values (at the expression); undefined when computed otherwise. */
function valueOf(attribute: HclAttribute | undefined): { value?: string; template?: ValueTemplate; range: OffsetRange } | undefined {
  if (!attribute) return undefined;
  const literal = literalString(attribute.value);
  if (literal) return { value: literal.value, range: literal.content };
  const template = templateFromText(attribute.value.text);
  return template ? { template, range: span(attribute.value) } : undefined;
}
