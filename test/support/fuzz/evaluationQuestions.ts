import { Random } from './random';

/**
 * A seeded generator of `iam-irsa can --batch` questions: identity policies, sometimes a boundary,
 * an action, a resource and a complete context, drawn from small pools so that statements do match
 * often (Allow and Deny, NotAction/NotResource, every operator, qualifiers, IfExists, variables).
 */
export interface GeneratedQuestion {
  id: number;
  policies: Record<string, unknown>[];
  boundary: Record<string, unknown> | null;
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'iam:PassRole',
  'ec2:DescribeInstances',
  'sqs:SendMessage',
];
const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', 'S3:GETOBJECT', 'dynamodb:*Item', 'ec2:Describe?nstances', '*', 'iam:*', 's3:?utObject'];
const RESOURCES = [
  'arn:aws:s3:::carts-bucket/blue/report.csv',
  'arn:aws:s3:::carts-bucket/green/a/b',
  'arn:aws:s3:::carts-bucket',
  'arn:aws:s3:::carts-bucket/ana/x',
  'arn:aws:s3:::carts-bucket/blue*',
  'arn:aws:dynamodb:us-east-1:111122223333:table/carts',
  'arn:aws:iam::111122223333:role/app',
  'arn:aws:sqs:eu-west-1:111122223333:orders',
  '*',
];
const RESOURCE_PATTERNS = [
  ...RESOURCES,
  'arn:aws:s3:::carts-bucket/*',
  'arn:aws:s3:::carts-*',
  'arn:aws:s3:::carts-bucket/${aws:PrincipalTag/team}/*',
  "arn:aws:s3:::carts-bucket/${aws:PrincipalTag/team, 'blue'}/*",
  'arn:aws:dynamodb:*:111122223333:table/*',
  'arn:aws:*:*:111122223333:*',
  'arn:aws:sqs:??-west-1:*:orders',
  'arn:aws:iam::${aws:PrincipalAccount}:role/*',
  'arn:aws:s3:::carts-bucket/${aws:PrincipalTag/owner}${*}',
  'arn:aws:s3:::carts-bucket/${aws:username}/*',
];

interface KeySpec {
  readonly key: string;
  readonly values: readonly string[];
  readonly operators: readonly string[];
  readonly multi?: boolean;
}

const STRING_OPS = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'];
const KEYS: readonly KeySpec[] = [
  { key: 'aws:PrincipalTag/team', values: ['blue', 'green', 'Blue', 'bl*', '${aws:PrincipalTag/owner}', ''], operators: STRING_OPS },
  { key: 'aws:PrincipalTag/owner', values: ['blue', 'ana', 'g?een'], operators: STRING_OPS },
  { key: 'aws:RequestedRegion', values: ['us-east-1', 'eu-west-1', 'eu-*'], operators: STRING_OPS },
  {
    key: 'aws:SourceIp',
    values: ['203.0.113.7', '203.0.113.0/24', '10.0.0.0/8', '2001:db8::/32', '2001:db8::1', 'bad-ip'],
    operators: ['IpAddress', 'NotIpAddress'],
  },
  { key: 'aws:SecureTransport', values: ['true', 'false', 'TRUE', 'yes'], operators: ['Bool'] },
  {
    key: 's3:max-keys',
    values: ['5', '10', '10.0', '-1', 'ten'],
    operators: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  },
  {
    key: 'aws:CurrentTime',
    values: ['2026-01-01T00:00:00Z', '2026-06-01', '1767225600', '2026-01-01T01:00:00+01:00', 'tomorrow'],
    operators: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  },
  {
    key: 'aws:SourceArn',
    values: [
      'arn:aws:sns:us-east-1:111122223333:topic',
      'arn:aws:sns:*:111122223333:*',
      'arn:aws:sqs:*',
      'arn:aws:sns:us-east-1:444455556666:topic',
      'not-an-arn',
      'arn:aws:sns:*:*:topic',
      'arn:aws:sns:us-?ast-1:${aws:PrincipalAccount}:*',
    ],
    operators: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
  },
  { key: 'aws:TagKeys', values: ['team', 'env', 'owner', 'cost-*'], operators: STRING_OPS, multi: true },
  { key: 'aws:PrincipalAccount', values: ['111122223333', '444455556666'], operators: ['StringEquals', 'StringNotEquals'] },
  { key: 'test:Blob', values: ['QUJD', 'REVG'], operators: ['BinaryEquals'] },
  { key: 'aws:username', values: ['ana', 'bob', 'a*', '${aws:PrincipalTag/owner}'], operators: STRING_OPS },
];

function some<T>(random: Random, items: readonly T[], max: number): T[] {
  const count = random.between(1, max);
  return Array.from({ length: count }, () => random.pick(items));
}

function oneOrMany(random: Random, items: string[]): string | string[] {
  return items.length === 1 && random.chance(0.5) ? items[0] : items;
}

function condition(random: Random): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (let i = random.between(1, 2); i > 0; i--) {
    const spec = random.pick(KEYS);
    if (random.chance(0.1)) {
      result.Null = { ...(result.Null ?? {}), [spec.key]: random.pick(['true', 'false']) };
      continue;
    }
    let operator = random.pick(spec.operators);
    if (random.chance(0.2)) operator += 'IfExists';
    if (spec.multi || random.chance(0.1)) {
      const qualifier = random.pick(['ForAllValues:', 'ForAnyValue:', '']);
      operator = qualifier + operator;
    }
    const key = random.chance(0.15) ? spec.key.toUpperCase() : spec.key;
    result[operator] = { ...(result[operator] ?? {}), [key]: oneOrMany(random, some(random, spec.values, 3)) };
  }
  return result;
}

function statement(random: Random, effect: 'Allow' | 'Deny'): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: effect };
  if (random.chance(0.3)) s.Sid = `S${random.int(100)}`;
  s[random.chance(0.15) ? 'NotAction' : 'Action'] = oneOrMany(random, some(random, ACTION_PATTERNS, 3));
  s[random.chance(0.15) ? 'NotResource' : 'Resource'] = oneOrMany(random, some(random, RESOURCE_PATTERNS, 2));
  if (random.chance(0.5)) s.Condition = condition(random);
  return s;
}

export function generatedPolicy(random: Random, denyShare = 0.25): Record<string, unknown> {
  const statements = Array.from({ length: random.between(1, 3) }, () => statement(random, random.chance(denyShare) ? 'Deny' : 'Allow'));
  const version = random.chance(0.05) ? '2008-10-17' : '2012-10-17';
  return { Version: version, Statement: statements.length === 1 && random.chance(0.3) ? statements[0] : statements };
}

function contextValue(random: Random, spec: KeySpec): string | string[] {
  const plain = spec.values.filter((v) => !v.includes('${'));
  if (spec.key === 'aws:SourceIp') return random.pick(['203.0.113.7', '10.1.2.3', '198.51.100.1', '2001:db8::5', '2001:db9::1']);
  if (spec.key === 'aws:CurrentTime') return random.pick(['2026-01-01T00:00:00Z', '2025-12-31T23:59:59Z', '2026-03-01T12:00:00Z', '1767225600']);
  if (spec.key === 'aws:SourceArn')
    return random.pick(['arn:aws:sns:us-east-1:111122223333:topic', 'arn:aws:sqs:eu-west-1:111122223333:q', 'arn:aws:sns:us-east-1:111122223333:x:topic']);
  if (spec.multi || random.chance(0.05)) return random.chance(0.1) ? [] : some(random, plain, 3);
  return random.pick(plain.length ? plain : ['x']);
}

export function generatedContext(random: Random): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const spec of KEYS) if (random.chance(0.55)) context[random.chance(0.1) ? spec.key.toLowerCase() : spec.key] = contextValue(random, spec);
  return context;
}

export function generatedQuestion(random: Random, id: number): GeneratedQuestion {
  return {
    id,
    policies: Array.from({ length: random.between(0, 3) }, () => generatedPolicy(random)),
    boundary: random.chance(0.3) ? generatedPolicy(random, 0.1) : null,
    action: random.chance(0.1) ? random.pick(ACTIONS).toLowerCase() : random.pick(ACTIONS),
    resource: random.pick(RESOURCES),
    context: generatedContext(random),
  };
}

/** `count` questions of a seed, the same on every machine. */
export function generatedQuestions(seed: number, count: number): GeneratedQuestion[] {
  return Array.from({ length: count }, (_, i) => generatedQuestion(Random.forCase(seed, i), i + 1));
}
