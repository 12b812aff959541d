import { Random } from './random';

/** Characters that change structure, and some that no parser expects. */
const ALPHABET = [...'{}[]":,\\/*#&!|>-? \t\n\r\'`$%@0123456789aeAZ.=<', '\u0000', '\u0007', '\u00a0', '\u2028', '\ufeff', '\ufffd'];

/** Text that means something to the policy engine, YAML, Kubernetes, Terraform or a shell. */
const TOKENS = [
  '"Statement"',
  '"Statement": [',
  '"Effect": "Allow"',
  '"Action": "s3:Get',
  '"Resource": "*"',
  '"Principal": {"Federated": ',
  '"Condition": {"StringEquals": {',
  '"StringLike"',
  '"ForAllValues:StringEquals"',
  '"NotAction"',
  '"Version": "2012-10-17"',
  '${aws:username}',
  '${',
  'arn:aws:iam::123456789012:role/',
  'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC',
  'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub',
  'system:serviceaccount:',
  'sts:AssumeRoleWithWebIdentity',
  'sts.amazonaws.com',
  'kind: ServiceAccount',
  'eks.amazonaws.com/role-arn: ',
  'serviceAccountName: ',
  'annotations:\n',
  'metadata:\n  name: ',
  '\n---\n',
  '- ',
  ': ',
  '&anchor ',
  '*anchor',
  '!Ref ',
  '!Sub ',
  'Fn::GetAtt',
  '<<: *anchor',
  '{{ .Values.sa }}',
  '|\n',
  '>-\n',
  'resource "aws_iam_role" "r" {',
  'jsonencode({',
  '<<EOF\n',
  '\nEOF\n',
  '${aws_iam_role.r.arn}',
  'aws iam create-role --role-name x ',
  "--assume-role-policy-document '",
  'file://trust.json',
  'null',
  'true',
  '1e999',
  '-0',
  '"\\u0000"',
  '"\\ud800"',
];

const UNICODE = ['\ufffd', '\ud800', '\udc00', '\ud83d\ude00', '\u200d', '\u202e', '\ufeff', '\u0000', '\u0301', '\u2028', 'é', 'ß', '\u{10ffff}'];

/** Openers for deep nesting; most sizes are small, a few far past any limit. */
const OPENERS = ['[', '{"a":', '{"Statement":', 'a: [', '{a: ', '- ', '$(', '('];
const DEPTHS = [1, 2, 5, 20, 130, 1_000, 20_000];

export type Mutator = (text: string, random: Random, donors: readonly string[]) => string;

const at = (text: string, random: Random) => random.int(text.length + 1);

function span(text: string, random: Random, max = 64): [number, number] {
  const start = random.int(text.length + 1);
  return [start, Math.min(text.length, start + random.between(1, max))];
}

export const MUTATORS: Record<string, Mutator> = {
  flip: (text, random) => {
    const i = random.int(Math.max(text.length, 1));
    return text.slice(0, i) + random.pick(ALPHABET) + text.slice(i + 1);
  },
  delete: (text, random) => {
    const [start, end] = span(text, random);
    return text.slice(0, start) + text.slice(end);
  },
  duplicate: (text, random) => {
    const [start, end] = span(text, random, 200);
    const i = at(text, random);
    return text.slice(0, i) + text.slice(start, end) + text.slice(i);
  },
  splice: (text, random, donors) => {
    const donor = random.pick(donors);
    const [start, end] = span(donor, random, 300);
    const [from, to] = random.chance(0.5) ? span(text, random) : [at(text, random), -1];
    return text.slice(0, from) + donor.slice(start, end) + text.slice(to < 0 ? from : to);
  },
  nest: (text, random) => {
    const opener = random.pick(OPENERS);
    const depth = random.chance(0.85) ? random.pick(DEPTHS.slice(0, 4)) : random.pick(DEPTHS.slice(4));
    const i = at(text, random);
    const closer = opener.startsWith('[') || opener.endsWith('[') ? ']' : opener.startsWith('{') ? '}' : opener === '$(' || opener === '(' ? ')' : '';
    const closed = random.chance(0.5);
    return text.slice(0, i) + opener.repeat(depth) + (closed ? '1' + closer.repeat(depth) : '') + text.slice(i);
  },
  unicode: (text, random) => {
    const i = at(text, random);
    return text.slice(0, i) + random.pick(UNICODE) + text.slice(i);
  },
  token: (text, random) => {
    const i = at(text, random);
    return text.slice(0, i) + random.pick(TOKENS) + text.slice(i);
  },
  truncate: (text, random) => text.slice(0, at(text, random)),
  lines: (text, random) => {
    const lines = text.split('\n');
    const a = random.int(lines.length);
    const b = random.int(lines.length);
    if (random.chance(0.5)) [lines[a], lines[b]] = [lines[b], lines[a]];
    else lines[a] = ' '.repeat(random.between(0, 6)) + lines[a].trimStart();
    return lines.join('\n');
  },
  case: (text, random) => {
    const [start, end] = span(text, random, 20);
    const part = text.slice(start, end);
    return text.slice(0, start) + (random.chance(0.5) ? part.toUpperCase() : part.toLowerCase()) + text.slice(end);
  },
};

const NAMES = Object.keys(MUTATORS);

/** One to four mutations of `text`, and their names in order (for the report of a failing case). */
export function mutate(text: string, random: Random, donors: readonly string[]): { text: string; steps: string[] } {
  const steps: string[] = [];
  let result = text;
  for (let n = random.between(1, 4); n > 0; n--) {
    const name = random.pick(NAMES);
    result = MUTATORS[name](result, random, donors);
    steps.push(name);
  }
  return { text: result, steps };
}

const JUNK: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e300,
  NaN,
  '',
  '*',
  's3:*?*?*?*?*?*?*?*?!',
  'x'.repeat(10_000),
  [],
  [null],
  {},
  { start: -5, end: 1e9 },
  { line: -1, character: 1e9 },
  true,
];

/** A copy of a value a client sends back (a completion item, a diagnostic) with one field somewhere replaced by junk. */
export function garbled<T>(value: T, random: Random): T {
  const copy = structuredClone(value) as unknown;
  const objects: Record<string, unknown>[] = [];
  const collect = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    objects.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) collect(child);
  };
  collect(copy);
  const target = random.pick(objects);
  const keys = Object.keys(target);
  if (target && keys.length) target[random.pick(keys)] = random.pick(JUNK);
  return copy as T;
}
