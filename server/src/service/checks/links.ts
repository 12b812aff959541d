import { EKS_DEFAULT_AUDIENCE, EKS_OIDC_PROVIDER, serviceAccountOfSubject, subjectOf } from '../catalog/oidc';
import { OffsetRange } from '../parse/range';
import { FileFacts, RoleReference, ServiceAccountFact, TrustPolicyFacts } from '../workspace/facts';
import { parseRoleArn, RoleArn, WorkspaceIndex } from '../workspace/index';
import { admittingValues, displayName, ResolvedRole, resolveRoleReference, rolesAdmittingBySubject, statementAdmits } from '../workspace/roles';
import { Finding, RelatedFact } from './finding';

/** The document being checked, with its facts already in the index. */
export interface LinkContext {
  readonly uri: string;
  readonly facts: FileFacts;
  readonly index: WorkspaceIndex;
}

/** Section K of CHECKS.md: what only the whole workspace can tell, reported in this document. */
export function checkLinks(context: LinkContext): Finding[] {
  const findings: Finding[] = [];
  for (const reference of context.facts.references) findings.push(...checkReference(reference, context));
  for (const policy of context.facts.trustPolicies) findings.push(...checkTrustPolicy(policy, context));
  findings.push(...checkWorkloads(context));
  return findings;
}

function checkReference(reference: RoleReference, context: LinkContext): Finding[] {
  if (reference.template) return checkTemplateReference(reference, context);
  const arn = parseRoleArn(reference.arn);
  if (!arn) return []; // IRSA_ROLE_ARN_FORMAT says what is wrong with it
  const { index } = context;
  const [best] = resolveRoleReference(arn, context.uri, index);
  if (!best) {
    if (!index.hasRoles()) return [];
    return [
      {
        code: 'LINK_ROLE_NOT_FOUND',
        ...reference.range,
        message: `No file of the workspace defines the role "${arn.name}": iam-irsa cannot check its trust policy. Define it here (AWS CLI script, CloudFormation, eksctl, Terraform or an IAM export), or ignore this if it lives elsewhere`,
      },
    ];
  }
  const where = `${displayName(best.role.uri)}`;
  const definedAt: RelatedFact = {
    uri: best.role.uri,
    range: best.role.fact.range,
    message: `role ${best.role.fact.name ?? best.role.fact.label} is defined here`,
  };
  const findings: Finding[] = [];
  if (best.account !== undefined && best.account !== arn.account) {
    findings.push({
      code: 'LINK_ACCOUNT_MISMATCH',
      ...reference.range,
      message: `The ARN names account ${arn.account}, but role "${arn.name}" (${where}) is in account ${best.account}${best.role.fact.account ? '' : ", the account of its trust's OIDC provider"}: the pod would ask STS for a role that does not exist`,
      data: { replacements: [roleArn({ ...arn, account: best.account })] },
      related: [definedAt],
    });
  }
  if (best.role.fact.path !== arn.path) {
    findings.push({
      code: 'LINK_ROLE_PATH_MISMATCH',
      ...reference.range,
      message: `Role "${arn.name}" (${where}) has the path ${best.role.fact.path}, the ARN ${arn.path === '/' ? 'has none' : `has ${arn.path}`}: a role ARN includes its path, so this ARN names no role. Write ${roleArn({ ...arn, path: best.role.fact.path })}`,
      data: { replacements: [roleArn({ ...arn, path: best.role.fact.path })] },
      related: [definedAt],
    });
  }
  const sa = reference.serviceAccount;
  if (!best.trust || !sa || reference.kind !== 'irsa') return findings;
  return [...findings, ...checkAdmission(reference, sa, best, definedAt)];
}

/**
 * A role-arn annotation that is a template (`${ROLE_ARN}`, `{{ .Values.roleArn }}`): the role is the
 * one whose trust admits the ServiceAccount by its `:sub`. None: LINK_ROLE_NOT_FOUND, as for an ARN
 * no file defines (only when the workspace defines roles).
 */
function checkTemplateReference(reference: RoleReference, context: LinkContext): Finding[] {
  const sa = reference.serviceAccount;
  if (!sa || reference.kind !== 'irsa') return [];
  const { index } = context;
  const [best] = rolesAdmittingBySubject(sa.namespace, sa.name, context.uri, index);
  if (!best) {
    if (!index.hasRoles()) return [];
    return [
      {
        code: 'LINK_ROLE_NOT_FOUND',
        ...reference.range,
        message: `The role ARN is a template (${JSON.stringify(clip(reference.arn))}), and no role of the workspace admits ${subjectOf(sa.namespace, sa.name)}${namespaceNote(sa)} by its :sub: iam-irsa cannot tell which role it will be. Define the role here, with this subject in its trust, or ignore this if it lives elsewhere`,
      },
    ];
  }
  const definedAt: RelatedFact = {
    uri: best.role.uri,
    range: best.role.fact.range,
    message: `role ${best.role.fact.name ?? best.role.fact.label} is defined here`,
  };
  return checkAdmission(reference, sa, best, definedAt);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function checkAdmission(reference: RoleReference, sa: ServiceAccountFact, resolved: ResolvedRole, definedAt: RelatedFact): Finding[] {
  const trust = resolved.trust!;
  const trustFile = displayName(trust.uri);
  const name = resolved.role.fact.name ?? resolved.role.fact.label;
  const webIdentity = trust.fact.statements.filter((s) => s.allow && s.webIdentity);
  const trustRelated: RelatedFact = { uri: trust.uri, range: trust.fact.range, message: `the trust policy of ${name}` };
  // Statements Terraform computes may admit it: a partial trust is not said to refuse anyone.
  if (trust.fact.partial) return [];
  if (webIdentity.length === 0) {
    const podIdentity = trust.fact.statements.some((s) => s.allow && s.podIdentity);
    return [
      {
        code: 'LINK_TRUST_NOT_WEB_IDENTITY',
        ...reference.range,
        message: podIdentity
          ? `Role "${name}" trusts pods.eks.amazonaws.com (EKS Pod Identity, ${trustFile}), not the cluster's OIDC provider: the role-arn annotation (IRSA) cannot use it. Create a Pod Identity association instead, or add an sts:AssumeRoleWithWebIdentity statement`
          : `The trust policy of role "${name}" (${trustFile}) has no statement allowing sts:AssumeRoleWithWebIdentity: no ServiceAccount can assume it through this annotation`,
        related: [definedAt, trustRelated],
      },
    ];
  }
  const findings: Finding[] = [];
  const subject = subjectOf(sa.namespace, sa.name);
  if (!webIdentity.some((s) => statementAdmits(s, sa.namespace, sa.name))) {
    const admitted = webIdentity.flatMap(admittingValues);
    findings.push({
      code: 'LINK_TRUST_DOES_NOT_ADMIT_SA',
      ...reference.range,
      message: `The trust policy of role "${name}" (${trustFile}) does not admit ${subject}${namespaceNote(sa)}: pods of this ServiceAccount fail with AccessDenied on sts:AssumeRoleWithWebIdentity. It admits ${admitted.length ? admitted.map((v) => `"${v.value}"`).join(', ') : 'no :sub of this kind'}`,
      data: { subject, trustUri: trust.uri, subjects: admitted.map((v) => v.range), namespace: sa.namespace, name: sa.name },
      related: [trustRelated, ...admitted.map((v) => ({ uri: trust.uri, range: v.range, message: `the trust admits "${v.value}"` }))],
    });
  }
  const audiences = webIdentity.flatMap((s) => s.audiences).filter((a) => !a.value.includes('${'));
  const audience = sa.audience?.value ?? EKS_DEFAULT_AUDIENCE;
  if (audiences.length > 0 && !audiences.some((a) => a.value === audience)) {
    findings.push({
      code: 'LINK_AUDIENCE_MISMATCH',
      ...(sa.audience?.range ?? reference.range),
      message: `The token of this ServiceAccount has the audience "${audience}"${sa.audience ? '' : ' (the default)'}, but the trust of role "${name}" (${trustFile}) requires :aud ${audiences.map((a) => `"${a.value}"`).join(' or ')}: AssumeRoleWithWebIdentity fails with "Incorrect token audience"`,
      data: { replacements: audiences.map((a) => a.value) },
      related: audiences.map((a) => ({ uri: trust.uri, range: a.range, message: 'the audience the trust requires' })),
    });
  }
  return findings;
}

/** The trust side: ServiceAccounts that use this policy's role but are not admitted, and subjects no manifest defines. */
function checkTrustPolicy(policy: TrustPolicyFacts, context: LinkContext): Finding[] {
  const { index } = context;
  const findings: Finding[] = [];
  const statements = policy.statements.filter((s) => s.allow && s.webIdentity);
  if (statements.length === 0) return findings;
  const roles = index
    .rolesTrusting(context.uri)
    .filter((r) => r.fact.trust?.kind === 'file' || within(policy.range, r.fact.trust?.kind === 'embedded' ? r.fact.trust.policy.range : undefined));
  for (const role of policy.partial ? [] : roles) {
    if (!role.fact.name) continue;
    for (const reference of index.referencesTo(role.fact.name)) {
      const sa = reference.fact.serviceAccount;
      const arn = parseRoleArn(reference.fact.arn);
      if (!sa || reference.fact.kind !== 'irsa' || !arn || arn.path !== role.fact.path) continue;
      if (resolveRoleReference(arn, reference.uri, index)[0]?.role.fact !== role.fact) continue;
      if (statements.some((s) => statementAdmits(s, sa.namespace, sa.name))) continue;
      const values = statements.flatMap(admittingValues);
      const anchor: OffsetRange = values[0]?.range ?? statements[0].range;
      findings.push({
        code: 'LINK_TRUST_DOES_NOT_ADMIT_SA',
        ...anchor,
        message: `${subjectOf(sa.namespace, sa.name)} uses role "${role.fact.name}" (${displayName(reference.uri)}) but this trust policy does not admit it: its pods fail with AccessDenied on sts:AssumeRoleWithWebIdentity`,
        data: { subject: subjectOf(sa.namespace, sa.name), serviceAccountUri: reference.uri, namespace: sa.namespace, name: sa.name },
        related: [{ uri: reference.uri, range: reference.fact.range, message: `${sa.namespace}/${sa.name} is annotated with this role` }],
      });
    }
  }
  if (index.hasServiceAccounts()) {
    for (const statement of statements) {
      for (const condition of statement.subjects) {
        if (!condition.operator.startsWith('StringEquals')) continue;
        for (const value of condition.values) {
          const named = serviceAccountOfSubject(value.value);
          if (!named || index.serviceAccounts(named.namespace, named.name).length > 0) continue;
          findings.push({
            code: 'LINK_SUB_WITHOUT_SA',
            ...value.range,
            message: `No manifest in the workspace defines the ServiceAccount ${named.namespace}/${named.name} that this :sub admits: check the namespace and name (or ignore this if it is created elsewhere)`,
          });
        }
      }
    }
  }
  const issuers = [...index.all()].flatMap((f) => f.facts.oidcProviders.map((p) => ({ uri: f.uri, fact: p })));
  if (issuers.length > 0) {
    for (const statement of statements) {
      // Only clusters' issuers are compared: a GitHub or GitLab provider is no cluster's.
      for (const provider of statement.providers.filter((p) => EKS_OIDC_PROVIDER.test(p.host))) {
        if (issuers.some((i) => i.fact.host.toLowerCase() === provider.host.toLowerCase())) continue;
        findings.push({
          code: 'LINK_PROVIDER_NOT_CLUSTER',
          ...provider.range,
          message: `The workspace declares the OIDC provider${issuers.length > 1 ? 's' : ''} ${issuers.map((i) => i.fact.host).join(', ')}, not ${provider.host}: this trust admits tokens of another cluster`,
          related: issuers.map((i) => ({ uri: i.uri, range: i.fact.range, message: 'an OIDC provider of the workspace' })),
        });
      }
    }
  }
  return findings;
}

function checkWorkloads(context: LinkContext): Finding[] {
  const { index } = context;
  if (!index.hasServiceAccounts()) return [];
  return context.facts.workloads
    .filter((w) => w.explicit && w.serviceAccountName !== 'default' && index.serviceAccounts(w.namespace, w.serviceAccountName).length === 0)
    .map((w) => ({
      code: 'LINK_WORKLOAD_SA_MISSING' as const,
      ...w.range,
      message: `No manifest in the workspace defines the ServiceAccount ${w.namespace}/${w.serviceAccountName}: the ${w.kind}'s pods are not created until it exists${w.namespace === 'default' ? ' (namespace "default" assumed)' : ''}`,
    }));
}

/** Where the namespace comes from, when the manifest does not say it. */
function namespaceNote(sa: ServiceAccountFact): string {
  if (sa.namespaceExplicit) return '';
  if (sa.namespaceFrom) return ` (namespace "${sa.namespace}" from ${displayName(sa.namespaceFrom)})`;
  return ' (no namespace in this manifest: "default" assumed)';
}

function within(outer: OffsetRange, inner: OffsetRange | undefined): boolean {
  return inner !== undefined && inner.start >= outer.start && inner.end <= outer.end;
}

function roleArn(arn: RoleArn): string {
  return `arn:${arn.partition}:iam::${arn.account}:role${arn.path}${arn.name}`;
}
