import { stringify } from 'yaml';
import { EKS_DEFAULT_AUDIENCE, serviceAccountOfSubject } from '../../catalog/oidc';
import { POD_IDENTITY_ANNOTATION } from '../../parse/kubernetes';
import { TrustPolicyFacts } from '../../workspace/facts';
import { AuthoringContext } from '../context';
import type { CommandOptions, CommandResult } from '../../../../../shared/protocol';
import { PLACEHOLDER_ACCOUNT, providerFromHost } from './createTrustPolicy';
import { fileStem, freeUriBeside, newFile } from './newFile';
import { rolesOfTrustPolicy } from '../../workspace/roles';
import { trustPoliciesOf } from '../navigation/targets';

/** What the role ARN says when no role of the workspace uses the trust policy: the user writes the name. */
const PLACEHOLDER_ROLE = 'ROLE_NAME';

/**
 * The ServiceAccounts that the IRSA trust policy under the cursor (else the file's first) admits by
 * exact `:sub` and that no manifest of the workspace defines yet, annotated with the role using
 * that trust: a new YAML file beside the trust policy.
 */
export function createServiceAccount(context: AuthoringContext, options: CommandOptions): CommandResult {
  const offset = options.position ? context.document.offsetAt(options.position) : undefined;
  const policies = trustPoliciesOf(context.facts).filter((p) => p.statements.some((s) => s.allow && s.webIdentity));
  const policy = policies.find((p) => offset !== undefined && p.range.start <= offset && offset <= p.range.end) ?? policies[0];
  if (!policy)
    return { message: 'no IRSA trust policy here: a statement allowing sts:AssumeRoleWithWebIdentity names the ServiceAccounts in its :sub condition' };
  const statements = policy.statements.filter((s) => s.allow && s.webIdentity);
  const subjects = [...new Set(statements.flatMap((s) => s.subjects.filter((c) => !c.operator.includes('Not')).flatMap((c) => c.values.map((v) => v.value))))];
  const wanted: { namespace: string; name: string }[] = [];
  const notes: string[] = [];
  for (const subject of subjects) {
    const named = serviceAccountOfSubject(subject);
    if (!named) notes.push(`${subject} is a pattern: no ServiceAccount written for it`);
    else if (context.index.serviceAccounts(named.namespace, named.name).length > 0) notes.push(`${named.namespace}/${named.name} is defined already`);
    else wanted.push(named);
  }
  if (wanted.length === 0)
    return {
      message: subjects.length ? `no ServiceAccount to write: ${notes.join('; ')}` : 'the trust policy names no ServiceAccount: it has no :sub condition',
    };
  const { arn, placeholder } = roleArnOf(context, policy);
  if (placeholder) notes.unshift(placeholder);
  const audience = statements.flatMap((s) => s.audiences).find((a) => !a.value.includes('${'))?.value;
  const text = wanted.map((sa) => stringify(manifest(sa.namespace, sa.name, arn, audience))).join('---\n');
  const stem = wanted.length === 1 ? `service-account-${wanted[0].name}` : `service-accounts-${fileStem(context.uri)}`;
  const file = newFile(freeUriBeside(context.index, context.uri, stem, 'yaml'), text);
  return { edit: file.edit, created: file.uri, ...(notes.length ? { message: notes.join('; ') } : {}) };
}

function manifest(namespace: string, name: string, roleArn: string, audience: string | undefined) {
  const annotations: Record<string, string> = { [POD_IDENTITY_ANNOTATION.roleArn]: roleArn };
  // The webhook's default audience needs no annotation; another one must match the trust's :aud.
  if (audience && audience !== EKS_DEFAULT_AUDIENCE) annotations[POD_IDENTITY_ANNOTATION.audience] = audience;
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, annotations } };
}

/** The ARN of the role using this trust policy (path included), else one whose name the user writes, and why. */
function roleArnOf(context: AuthoringContext, policy: TrustPolicyFacts): { arn: string; placeholder?: string } {
  const role = rolesOfTrustPolicy(context.uri, policy, context.index).find((r) => r.fact.name)?.fact;
  const provider = policy.statements.flatMap((s) => s.providers)[0];
  const account = role?.account ?? provider?.account;
  const partition = (provider && providerFromHost(provider.host, undefined).partition) ?? 'aws';
  const arn = `arn:${partition}:iam::${account ?? PLACEHOLDER_ACCOUNT}:role${role ? `${role.path}${role.name}` : `/${PLACEHOLDER_ROLE}`}`;
  if (!role)
    return { arn, placeholder: `no role of the workspace uses this trust policy: replace ${PLACEHOLDER_ROLE} in the role ARN with the role's name (and path)` };
  if (!account) return { arn, placeholder: `the role's account is not known: replace ${PLACEHOLDER_ACCOUNT} in the role ARN` };
  return { arn };
}
