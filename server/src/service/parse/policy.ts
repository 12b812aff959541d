import { JsonNode, JsonProperty, properties } from './json';

/** A `"Key": value` member of a policy or statement object. */
export type PolicyElement = JsonProperty;

export const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
export type StatementElementName = (typeof STATEMENT_ELEMENTS)[number];

export const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
export type PolicyElementName = (typeof POLICY_ELEMENTS)[number];

export interface Statement {
  /** The statement's node: an object, or whatever wrong thing stands in its place. */
  readonly node: JsonNode;
  readonly index: number;
  /** Every member in document order, known or not. */
  readonly elements: readonly PolicyElement[];
  /** The first member spelled exactly like each IAM element. */
  readonly element: Readonly<Partial<Record<StatementElementName, PolicyElement>>>;
}

export interface Policy {
  readonly root: JsonNode;
  readonly elements: readonly PolicyElement[];
  readonly element: Readonly<Partial<Record<PolicyElementName, PolicyElement>>>;
  /** The statements: the `Statement` object itself, or each item of the `Statement` array. */
  readonly statements: readonly Statement[];
}

/** Content-based discovery: a JSON document is a policy when its top level has `Statement`. */
export function looksLikePolicy(root: JsonNode | undefined): boolean {
  return properties(root).some((p) => p.key.toLowerCase() === 'statement');
}

export function buildPolicy(root: JsonNode): Policy {
  const elements = properties(root);
  const element = firstByName(elements, POLICY_ELEMENTS);
  const statementValue = element.Statement?.valueNode;
  const statementNodes =
    statementValue?.type === 'array' ? (statementValue.children ?? []) : statementValue?.type === 'object' ? [statementValue] : [];
  const statements = statementNodes.map((node, index) => {
    const members = properties(node);
    return { node, index, elements: members, element: firstByName(members, STATEMENT_ELEMENTS) };
  });
  return { root, elements, element, statements };
}

function firstByName<N extends string>(members: readonly PolicyElement[], names: readonly N[]): Partial<Record<N, PolicyElement>> {
  const result: Partial<Record<N, PolicyElement>> = {};
  for (const member of members) {
    const name = member.key as N;
    if (names.includes(name) && !result[name]) result[name] = member;
  }
  return result;
}
