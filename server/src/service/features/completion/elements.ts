import { CompletionItemKind } from 'vscode-languageserver-types';
import { PolicyElement, STATEMENT_ELEMENTS, StatementElementName } from '../../parse/policy';
import { PolicyKind } from '../../parse/policyKind';
import { Candidate, sortKey } from './items';

/** The policy language versions: the current one first, the old one marked. */
export const VERSION_CANDIDATES: readonly Candidate[] = [
  {
    label: '2012-10-17',
    value: '2012-10-17',
    kind: CompletionItemKind.Value,
    detail: 'Current policy language version',
    documentation: 'The current version of the policy language: policy variables such as `${aws:username}` work only with it.',
    sort: sortKey(0, 0),
    data: { iamIrsa: 'version' },
  },
  {
    label: '2008-10-17',
    value: '2008-10-17',
    kind: CompletionItemKind.Value,
    detail: 'Old policy language version',
    documentation: 'An earlier version of the policy language: policy variables are read as literal text. Use `2012-10-17`.',
    sort: sortKey(1, 0),
    deprecated: true,
    data: { iamIrsa: 'version' },
  },
];

const POLICY_KEYS: readonly (Candidate & { readonly name: string })[] = (
  [
    { name: 'Version', member: '"${1:2012-10-17}"', documentation: 'The policy language version: always `2012-10-17`.' },
    {
      name: 'Statement',
      member: '[\n\t{\n\t\t"Effect": "${1|Allow,Deny|}",\n\t\t$0\n\t}\n]',
      documentation: 'The statements of the policy: one object or an array of them.',
    },
    { name: 'Id', member: '"$1"', documentation: 'An optional identifier of the policy (some services, such as SQS and SNS, ask for one).' },
  ] as const
).map(({ name, member, documentation }, index) => ({
  name,
  label: name,
  value: name,
  member,
  kind: CompletionItemKind.Property,
  documentation,
  sort: sortKey(0, index),
  data: { iamIrsa: 'policy-key' } as const,
}));

/** The top-level keys that the policy does not have yet. */
export function policyKeyCandidates(present: ReadonlySet<string>): Candidate[] {
  return POLICY_KEYS.filter((key) => !present.has(key.name));
}

const STATEMENT_DOCS: Record<StatementElementName, string> = {
  Sid: 'An optional identifier of the statement, unique in the policy: letters and digits.',
  Effect: 'Whether the statement allows or denies what it matches: `Allow` or `Deny`.',
  Principal: 'Who the statement applies to (resource and trust policies): `AWS`, `Service`, `Federated` or `CanonicalUser`.',
  NotPrincipal: 'Every principal except those listed (only with `Deny`; a role trust policy cannot use it).',
  Action: 'The actions the statement matches, `service:Action`, with `*` and `?` wildcards.',
  NotAction: 'Every action except those listed: with `Allow`, it grants far more than it seems to.',
  Resource: 'The resources the statement matches, as ARNs with `*` and `?` wildcards.',
  NotResource: 'Every resource except those listed.',
  Condition: 'When the statement applies: `{ "Operator": { "key": value } }`.',
};

const STATEMENT_MEMBERS: Partial<Record<StatementElementName, string>> = {
  Effect: '"${1|Allow,Deny|}"',
  Principal: '{\n\t"$1": "$2"\n}',
  NotPrincipal: '{\n\t"$1": "$2"\n}',
  Condition: '{\n\t"$1": {\n\t\t"$2": "$3"\n\t}\n}',
};

/** An element and its alternative: a statement has one or the other. */
const ALTERNATIVE: Partial<Record<StatementElementName, StatementElementName>> = {
  Principal: 'NotPrincipal',
  NotPrincipal: 'Principal',
  Action: 'NotAction',
  NotAction: 'Action',
  Resource: 'NotResource',
  NotResource: 'Resource',
};

/** The order keys are offered in: what every statement needs first, the `Not` forms last. */
const ORDER: readonly StatementElementName[] = ['Effect', 'Action', 'Resource', 'Principal', 'Condition', 'Sid', 'NotAction', 'NotResource', 'NotPrincipal'];

/** Elements IAM rejects in a kind of policy. */
const REJECTED: Record<PolicyKind, readonly StatementElementName[]> = {
  identity: [],
  trust: ['NotPrincipal', 'Resource', 'NotResource'],
  resource: [],
};

/**
 * The statement keys not yet present (nor their alternative), in the order a statement is written;
 * a trust policy gets its principal first and no element IAM rejects in it.
 */
export function statementKeyCandidates(present: ReadonlySet<string>, kind: PolicyKind | undefined): Candidate[] {
  const order = kind === 'trust' ? ['Effect', 'Principal', 'Action', 'Condition', 'Sid', 'NotAction'] : ORDER;
  const candidates: Candidate[] = [];
  for (const name of STATEMENT_ELEMENTS) {
    const alternative = ALTERNATIVE[name];
    if (present.has(name) || (alternative && present.has(alternative)) || (kind && REJECTED[kind].includes(name))) continue;
    const rank = order.indexOf(name);
    candidates.push({
      label: name,
      value: name,
      member: STATEMENT_MEMBERS[name],
      kind: CompletionItemKind.Property,
      documentation: STATEMENT_DOCS[name],
      sort: sortKey(rank < 0 ? 9 : 0, rank < 0 ? 0 : rank),
      data: { iamIrsa: 'statement-key' },
    });
  }
  return candidates;
}

export const EFFECT_CANDIDATES: readonly Candidate[] = [
  {
    label: 'Allow',
    value: 'Allow',
    kind: CompletionItemKind.EnumMember,
    documentation: 'The statement grants what it matches.',
    sort: sortKey(0, 0),
    data: { iamIrsa: 'effect' },
  },
  {
    label: 'Deny',
    value: 'Deny',
    kind: CompletionItemKind.EnumMember,
    documentation: 'The statement denies what it matches, whatever else allows it.',
    sort: sortKey(0, 1),
    data: { iamIrsa: 'effect' },
  },
];

/** The names of the members of an object except the one under the cursor (the one being typed). */
export function presentKeys(members: readonly PolicyElement[], offset: number): Set<string> {
  const names = new Set<string>();
  for (const member of members) {
    const key = member.keyNode;
    if (offset >= key.offset && offset <= key.offset + key.length) continue;
    names.add(member.key);
  }
  return names;
}
