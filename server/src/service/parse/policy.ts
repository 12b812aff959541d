import { JsonNode, JsonProperty, properties, stringItems } from './json';

/** A `"Key": value` member of a policy or statement object. */
export type PolicyElement = JsonProperty;

export const STATEMENT_ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'] as const;
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

/**
 * Content-based discovery: a JSON document is a policy when its top level has `Statement` (in any
 * case), or a `Version` that is a policy language version, so that a policy whose `Statement` is
 * still misspelled is checked too.
 */
export function looksLikePolicy(root: JsonNode | undefined): boolean {
  return properties(root).some((p) => isPolicyMarker(p.key, p.valueNode?.type === 'string' ? (p.valueNode.value as string) : undefined));
}

/** A top-level key (with its value when a string) that makes a JSON document a policy. */
export function isPolicyMarker(key: string, value: string | undefined): boolean {
  return key.toLowerCase() === 'statement' || (key === 'Version' && value !== undefined && /^20\d\d-\d\d-\d\d$/.test(value));
}

export function buildPolicy(root: JsonNode): Policy {
  const elements = properties(root);
  const element = firstByName(elements, POLICY_ELEMENTS);
  const statementValue = element.Statement?.valueNode;
  const statementNodes = statementValue?.type === 'array' ? (statementValue.children ?? []) : statementValue?.type === 'object' ? [statementValue] : [];
  return { root, elements, element, statements: statementNodes.map(buildStatement) };
}

export function buildStatement(node: JsonNode, index: number): Statement {
  const members = properties(node);
  return { node, index, elements: members, element: firstByName(members, STATEMENT_ELEMENTS) };
}

function firstByName<N extends string>(members: readonly PolicyElement[], names: readonly N[]): Partial<Record<N, PolicyElement>> {
  const result: Partial<Record<N, PolicyElement>> = {};
  for (const member of members) {
    const name = member.key as N;
    if (names.includes(name) && !result[name]) result[name] = member;
  }
  return result;
}

/** `"AWS": [...]` inside a Principal object: one principal type and its values. */
export interface PrincipalEntry extends PolicyElement {
  /** The string values (one string, or the strings of an array). */
  readonly values: readonly JsonNode[];
}

export type PrincipalValue =
  | { readonly form: 'wildcard'; readonly node: JsonNode }
  | { readonly form: 'object'; readonly node: JsonNode; readonly entries: readonly PrincipalEntry[] }
  /** Neither `"*"` nor an object: a data type error. */
  | { readonly form: 'invalid'; readonly node: JsonNode };

// Several check families read the same principals and conditions: each is built once per parse.
const principals = new WeakMap<PolicyElement, PrincipalValue>();
const conditions = new WeakMap<PolicyElement, ConditionBlock[]>();

export function principalOf(element: PolicyElement | undefined): PrincipalValue | undefined {
  const node = element?.valueNode;
  if (!element || !node) return undefined;
  let value = principals.get(element);
  if (!value) {
    if (node.type === 'string' && node.value === '*') value = { form: 'wildcard', node };
    else if (node.type !== 'object') value = { form: 'invalid', node };
    else value = { form: 'object', node, entries: properties(node).map((p) => ({ ...p, values: stringItems(p.valueNode) })) };
    principals.set(element, value);
  }
  return value;
}

/** `"aws:SourceIp": ["10.0.0.0/8", ...]` inside an operator block. */
export interface ConditionEntry extends PolicyElement {
  /** The scalar values: the single value, or the items of an array. */
  readonly values: readonly JsonNode[];
}

/** `"StringEquals": { key: values, ... }` inside a Condition. */
export interface ConditionBlock extends PolicyElement {
  readonly entries: readonly ConditionEntry[];
}

export function conditionsOf(element: PolicyElement | undefined): readonly ConditionBlock[] {
  if (!element) return [];
  let blocks = conditions.get(element);
  if (!blocks) {
    blocks = buildConditions(element);
    conditions.set(element, blocks);
  }
  return blocks;
}

/** The operator blocks of a Condition, built afresh (`conditionsOf` keeps them per parse). */
export function buildConditions(element: PolicyElement): ConditionBlock[] {
  return properties(element.valueNode).map((block) => ({
    ...block,
    entries: properties(block.valueNode).map((entry) => ({
      ...entry,
      values: entry.valueNode?.type === 'array' ? (entry.valueNode.children ?? []) : entry.valueNode ? [entry.valueNode] : [],
    })),
  }));
}
