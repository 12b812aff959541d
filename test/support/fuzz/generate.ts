import { stringify } from 'yaml';
import { Random } from './random';
import { Seed } from './seeds';

const POLICY_KEYS = ['Version', 'Id', 'Statement', 'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const CONDITION_KEYS = [
  'StringEquals',
  'StringLike',
  'ArnLike',
  'Bool',
  'IpAddress',
  'ForAnyValue:StringLike',
  'aws:SourceIp',
  'aws:PrincipalTag/team',
  'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub',
];
const STRINGS = [
  'Allow',
  'Deny',
  '2012-10-17',
  '*',
  's3:GetObject',
  's3:*',
  'iam:PassRole',
  'sts:AssumeRoleWithWebIdentity',
  'arn:aws:s3:::bucket/*',
  'arn:aws:iam::123456789012:role/app',
  'system:serviceaccount:default:app',
  'sts.amazonaws.com',
  '',
  '${aws:username}',
];
const K8S_KINDS = ['ServiceAccount', 'Deployment', 'Pod', 'CronJob', 'List', 'ConfigMap'];
const ANNOTATIONS = [
  'eks.amazonaws.com/role-arn',
  'eks.amazonaws.com/audience',
  'eks.amazonaws.com/token-expiration',
  'eks.amazonaws.com/sts-regional-endpoints',
  'eks.amazonaws.com/skip-containers',
];

function value(random: Random, depth: number, keys: readonly string[]): unknown {
  const roll = random.int(depth > 4 ? 4 : 7);
  switch (roll) {
    case 0:
      return random.pick(STRINGS);
    case 1:
      return random.pick([0, 1, -1, 3.5, 1e21, true, false, null]);
    case 2:
      return random.chance(0.5) ? random.pick(STRINGS) : 'x'.repeat(random.int(40));
    case 3:
      return random.pick(CONDITION_KEYS);
    case 4:
    case 5:
      return Array.from({ length: random.int(4) }, () => value(random, depth + 1, keys));
    default:
      return Object.fromEntries(
        Array.from({ length: random.int(5) }, () => [random.chance(0.8) ? random.pick(keys) : random.pick(CONDITION_KEYS), value(random, depth + 1, keys)]),
      );
  }
}

/** A random JSON document, usually shaped like a policy, printed in one of several styles. */
export function randomPolicy(random: Random, index: number): Seed {
  const statements = Array.from({ length: random.int(4) }, () => value(random, 2, POLICY_KEYS));
  const root: Record<string, unknown> = random.chance(0.8)
    ? { Version: '2012-10-17', Statement: statements }
    : (value(random, 0, POLICY_KEYS) as Record<string, unknown>);
  const text = JSON.stringify(root, null, random.pick([0, 1, 2, 4, '\t']));
  return { file: `generated/policy-${index}.json`, languageId: 'json', text: text ?? 'null' };
}

/** A random multi-document YAML file of Kubernetes-shaped objects. */
export function randomManifests(random: Random, index: number): Seed {
  const documents = Array.from({ length: random.between(1, 3) }, () => {
    const annotations = Object.fromEntries(Array.from({ length: random.int(4) }, () => [random.pick(ANNOTATIONS), value(random, 4, POLICY_KEYS)]));
    const object: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: random.pick(K8S_KINDS),
      metadata: { name: random.pick(['app', 'App_1', '', 'a'.repeat(70)]), namespace: random.pick(['default', 'team-a', 'Team A']), annotations },
    };
    if (random.chance(0.5))
      object.spec = {
        serviceAccountName: random.pick(['app', 'default', '']),
        template: { spec: { containers: [{ name: 'c', env: [{ name: 'AWS_ROLE_ARN', value: 'x' }] }] } },
      };
    return stringify(object, { indent: random.pick([2, 4]) });
  });
  return { file: `generated/manifests-${index}.yaml`, languageId: 'yaml', text: documents.join('---\n') };
}
