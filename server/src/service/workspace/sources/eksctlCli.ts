import { PermissionReference, RoleDefinition, ServiceAccountFact, TrustPolicyFacts } from '../facts';
import { clusterOf } from './cluster';
import { podIdentityTrust, serviceAccountTrust } from './eksctlTrust';
import { Invocation } from './shellScript';
import { ScriptReader } from './shellReader';
import { Word } from './shellWords';

/**
 * eksctl on the command line, as `sources/eksctl.ts` reads the same in a ClusterConfig:
 * `eksctl create iamserviceaccount` makes a role whose generated trust admits exactly that
 * ServiceAccount (and the ServiceAccount, unless `--role-only`), or annotates it with
 * `--attach-role-arn`; `eksctl create podidentityassociation` associates an existing role
 * (`--role-arn`) or makes one trusting `pods.eks.amazonaws.com` for that ServiceAccount, linked to it.
 */
export function readEksctl(invocation: Invocation, reader: ScriptReader): void {
  const [verb, noun] = invocation.positional;
  if (verb !== 'create') return;
  if (noun === 'iamserviceaccount') iamServiceAccount(invocation, reader);
  else if (noun === 'podidentityassociation') podIdentityAssociation(invocation, reader);
}

function serviceAccountOf(name: Word | undefined, namespace: Word | undefined): ServiceAccountFact | undefined {
  if (name?.value === undefined || (namespace && namespace.value === undefined)) return undefined;
  return { name: name.value, namespace: namespace?.value ?? 'default', namespaceExplicit: namespace !== undefined, range: name.content };
}

function iamServiceAccount(invocation: Invocation, reader: ScriptReader): void {
  const { options } = invocation;
  const sa = serviceAccountOf(options.get('name'), options.get('namespace'));
  if (!sa) return;
  const roleOnly = invocation.flags.has('role-only');
  if (!roleOnly) reader.serviceAccounts.push(sa);
  const existing = options.get('attach-role-arn');
  if (existing) {
    if (!roleOnly && existing.value !== undefined) reader.references.push({ kind: 'irsa', arn: existing.value, range: existing.content, serviceAccount: sa });
    return;
  }
  const trust = serviceAccountTrust(invocation.range, sa);
  reader.trustPolicies.push(trust);
  role(reader, options.get('role-name'), `${sa.namespace}/${sa.name}`, sa.range, trust, managed(reader, invocation.lists.get('attach-policy-arn')));
}

function podIdentityAssociation(invocation: Invocation, reader: ScriptReader): void {
  const { options } = invocation;
  const namespace = options.get('namespace');
  const name = options.get('service-account-name');
  const sa = namespace ? serviceAccountOf(name, namespace) : undefined;
  if (sa && invocation.flags.has('create-service-account')) reader.serviceAccounts.push(sa);
  const arn = options.get('role-arn');
  const clusterName = options.get('cluster')?.value;
  const region = options.get('region')?.value;
  const cluster = (roleArn: string | undefined) => clusterOf(clusterName, region, roleArn);
  if (arn) {
    if (arn.value !== undefined)
      reader.references.push({ kind: 'pod-identity', arn: arn.value, range: arn.content, serviceAccount: sa, ...cluster(arn.value) });
    return;
  }
  const { trust, reference } = podIdentityTrust(invocation.range, sa);
  reader.trustPolicies.push(trust);
  if (reference) reader.references.push({ ...reference, ...cluster(undefined) });
  const label = `${namespace?.value ?? '?'}/${name?.value ?? '?'}`;
  role(reader, options.get('role-name'), label, sa?.range ?? invocation.range, trust, managed(reader, invocation.lists.get('permission-policy-arns')));
}

function role(
  reader: ScriptReader,
  nameWord: Word | undefined,
  label: string,
  fallback: RoleDefinition['range'],
  trust: TrustPolicyFacts,
  permissions: PermissionReference[],
): void {
  const name = nameWord?.value;
  const entry = name !== undefined ? reader.roleNamed(nameWord, 'eksctl') : undefined;
  const definition: RoleDefinition = {
    source: 'eksctl',
    // Without `--role-name` eksctl generates one (eksctl-<cluster>-addon-iamserviceaccount-…): unknown here.
    name,
    label,
    path: '/',
    account: undefined,
    range: name !== undefined && nameWord ? nameWord.content : fallback,
    trust: { kind: 'embedded', policy: trust },
    permissions: [],
  };
  if (entry) entry.role = { ...definition, label: entry.role.label };
  else reader.roles.set(`\0${reader.roles.size}:${label}`, { role: definition, permissions });
  entry?.permissions.push(...permissions);
}

/** `--attach-policy-arn a,b` (repeatable): each a managed permission, or the script's own `create-policy`. */
function managed(reader: ScriptReader, words: readonly Word[] | undefined): PermissionReference[] {
  return (words ?? []).flatMap((word) =>
    word.partial.includes(',') ? word.partial.split(',').map((arn) => ({ kind: 'managed' as const, label: arn, range: word.content })) : [reader.managed(word)],
  );
}
