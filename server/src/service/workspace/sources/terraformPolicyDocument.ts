import { EmbeddedPolicy, EXPRESSION, jsonNode, propertyNode } from '../../parse/embedded';
import { JsonNode } from '../../parse/json';
import { OffsetRange } from '../../parse/range';
import { SyntaxNode } from '../../parse/treeSitter';
import { attributesOf, HclAttribute, literalString, named, nestedBlocks, referenceOf, span, term } from './terraformHcl';
import { hclToJson, MutableNode } from './terraformHclJson';

/** `data "aws_iam_policy_document"` read as the policy Terraform renders from it. */

/** `data "aws_iam_policy_document"` attributes that merge in statements the reader cannot see. */
const OPAQUE_MERGES = ['override_policy_documents', 'source_json', 'override_json'];

const STATEMENT_LISTS: Record<string, string> = { actions: 'Action', not_actions: 'NotAction', resources: 'Resource', not_resources: 'NotResource' };

/** A document as read: its static statements, whether others are unknown, the documents of this file it merges in. */
export interface PolicyDocument {
  readonly policy: EmbeddedPolicy;
  /** Some statements are computed (`dynamic` blocks) or merged in from documents not read. */
  readonly partial: boolean;
  /** `source_policy_documents = [data.aws_iam_policy_document.NAME.json, …]`: the names, when every item is one. */
  readonly sources: readonly string[];
}

/**
 * `data "aws_iam_policy_document"` as the policy Terraform renders, each element on the HCL that
 * says it: `statement` blocks → `Statement`, `effect` (default Allow), `actions`/`resources` and
 * their `not_` forms, `principals { type identifiers }` → `Principal: {type: identifiers}`,
 * `condition { test variable values }` → `Condition: {test: {variable: values}}`. A `dynamic`
 * statement, a static statement holding a `dynamic` block, and statements merged in by
 * `override_policy_documents` or a computed `source_policy_documents` are left out: the document
 * is then partial.
 */
export function policyDocument(block: SyntaxNode): PolicyDocument {
  const attributes = attributesOf(block);
  const all = nestedBlocks(block, 'statement');
  const statements = all.filter((s) => nestedBlocks(s, 'dynamic').length === 0);
  const source = attributes.get('source_policy_documents');
  const sources = source ? documentReferences(source.value) : [];
  const partial =
    nestedBlocks(block, 'dynamic').length > 0 || statements.length < all.length || OPAQUE_MERGES.some((name) => attributes.has(name)) || sources === undefined;
  const head = named(block)[0];
  const members: JsonNode[] = [];
  const version = attributes.get('version');
  members.push(version ? attributeProperty('Version', version) : syntheticProperty('Version', '2012-10-17', span(head)));
  const id = attributes.get('policy_id');
  if (id) members.push(attributeProperty('Id', id));
  if (statements.length) {
    const first = statements[0];
    const last = statements[statements.length - 1];
    const keyword = named(first)[0];
    const items = statements.map(statementObject);
    members.push(
      propertyNode(jsonNode('string', keyword.startIndex, keyword.endIndex, 'Statement'), jsonNode('array', first.startIndex, last.endIndex, undefined, items)),
    );
  }
  const root = jsonNode('object', block.startIndex, block.endIndex, undefined, members);
  policyVariables(root);
  return { policy: { root, errors: [] }, partial, sources: sources ?? [] };
}

/** `[data.aws_iam_policy_document.a.json, …]` → `['a', …]`; undefined when any item is something else. */
function documentReferences(expression: SyntaxNode): string[] | undefined {
  const [only, ...rest] = term(expression);
  const tuple = only?.type === 'collection_value' && !rest.length ? named(only)[0] : undefined;
  if (tuple?.type !== 'tuple') return undefined;
  const names: string[] = [];
  for (const item of named(tuple).filter((c) => c.type === 'expression')) {
    const reference = referenceOf(item);
    if (reference?.length !== 4 || reference[0] !== 'data' || reference[1] !== 'aws_iam_policy_document' || !/^(minified_)?json$/.test(reference[3]))
      return undefined;
    names.push(reference[2]);
  }
  return names;
}

function statementObject(statement: SyntaxNode): JsonNode {
  const attributes = attributesOf(statement);
  const keyword = named(statement)[0];
  const members: JsonNode[] = [];
  const sid = attributes.get('sid');
  if (sid) members.push(attributeProperty('Sid', sid));
  const effect = attributes.get('effect');
  members.push(effect ? attributeProperty('Effect', effect) : syntheticProperty('Effect', 'Allow', span(keyword)));
  for (const [name, element] of Object.entries(STATEMENT_LISTS)) {
    const attribute = attributes.get(name);
    if (attribute) members.push(attributeProperty(element, attribute));
  }
  for (const [name, element] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const principal = principalProperty(nestedBlocks(statement, name), element);
    if (principal) members.push(principal);
  }
  const condition = conditionProperty(nestedBlocks(statement, 'condition'));
  if (condition) members.push(condition);
  return jsonNode('object', statement.startIndex, statement.endIndex, undefined, members);
}

function attributeProperty(element: string, attribute: HclAttribute): JsonNode {
  return propertyNode(jsonNode('string', attribute.nameNode.startIndex, attribute.nameNode.endIndex, element), hclToJson(attribute.value));
}

/** An element Terraform writes by default, placed on the HCL it comes from. */
function syntheticProperty(element: string, value: string, at: OffsetRange): JsonNode {
  return propertyNode(jsonNode('string', at.start, at.end, element), jsonNode('string', at.start, at.end, value));
}

/** A string literal attribute as a key node (`type`, `test`, `variable`); EXPRESSION when computed. */
function keyNode(attribute: HclAttribute | undefined, block: SyntaxNode): JsonNode {
  if (!attribute) return jsonNode(EXPRESSION, block.startIndex, block.startIndex);
  const string = literalString(attribute.value);
  return string
    ? jsonNode('string', string.range.start, string.range.end, string.value)
    : jsonNode(EXPRESSION, attribute.value.startIndex, attribute.value.endIndex);
}

/** Values under one key, from several blocks: one array of all their items, as Terraform merges them. */
function mergedValues(values: readonly JsonNode[]): JsonNode {
  if (values.length === 1) return values[0];
  const first = values[0];
  const last = values[values.length - 1];
  const items = values.flatMap((v) => (v.type === 'array' ? (v.children ?? []) : [v]));
  if (values.some((v) => v.type === EXPRESSION)) return jsonNode(EXPRESSION, first.offset, last.offset + last.length);
  return jsonNode('array', first.offset, last.offset + last.length, undefined, items.map(detached));
}

/** A node copied without its parent, to be adopted by another. */
function detached(node: JsonNode): JsonNode {
  return jsonNode(node.type, node.offset, node.offset + node.length, node.value, node.children?.map(detached));
}

function principalProperty(blocks: readonly SyntaxNode[], element: string): JsonNode | undefined {
  if (!blocks.length) return undefined;
  const keyword = named(blocks[0])[0];
  const key = jsonNode('string', keyword.startIndex, keyword.endIndex, element);
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  const byType = new Map<string, { key: JsonNode; values: JsonNode[] }>();
  const computed: JsonNode[] = [];
  for (const block of blocks) {
    const attributes = attributesOf(block);
    const type = keyNode(attributes.get('type'), block);
    const identifiers = attributes.get('identifiers');
    const values = identifiers ? hclToJson(identifiers.value) : jsonNode(EXPRESSION, block.startIndex, block.startIndex);
    // `type = "*"` with `identifiers = ["*"]` renders `"Principal": "*"`.
    if (type.value === '*' && blocks.length === 1) {
      const star = values.type === 'array' && values.children?.length === 1 ? values.children[0] : values;
      return propertyNode(key, detached(star));
    }
    if (typeof type.value !== 'string') {
      computed.push(propertyNode(type, values));
      continue;
    }
    const entry = byType.get(type.value);
    if (entry) entry.values.push(values);
    else byType.set(type.value, { key: type, values: [values] });
  }
  const entries = [...byType.values()].map((e) => propertyNode(e.key, mergedValues(e.values)));
  return propertyNode(key, jsonNode('object', first.startIndex, last.endIndex, undefined, [...entries, ...computed]));
}

function conditionProperty(blocks: readonly SyntaxNode[]): JsonNode | undefined {
  if (!blocks.length) return undefined;
  const keyword = named(blocks[0])[0];
  const byTest = new Map<string, { key: JsonNode; blocks: SyntaxNode[]; entries: JsonNode[] }>();
  const computed: JsonNode[] = [];
  for (const block of blocks) {
    const attributes = attributesOf(block);
    const test = keyNode(attributes.get('test'), block);
    const variable = keyNode(attributes.get('variable'), block);
    const values = attributes.get('values');
    const entry = propertyNode(variable, values ? hclToJson(values.value) : undefined);
    if (typeof test.value !== 'string') {
      computed.push(propertyNode(test, jsonNode('object', block.startIndex, block.endIndex, undefined, [entry])));
      continue;
    }
    const group = byTest.get(test.value);
    if (group) {
      group.blocks.push(block);
      group.entries.push(entry);
    } else byTest.set(test.value, { key: test, blocks: [block], entries: [entry] });
  }
  const operators = [...byTest.values()].map((g) =>
    propertyNode(g.key, jsonNode('object', g.blocks[0].startIndex, g.blocks[g.blocks.length - 1].endIndex, undefined, g.entries)),
  );
  const members = [...operators, ...computed];
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  return propertyNode(
    jsonNode('string', keyword.startIndex, keyword.endIndex, 'Condition'),
    jsonNode('object', first.startIndex, last.endIndex, undefined, members),
  );
}

/** Terraform writes IAM's `${aws:username}` as `&{aws:username}` in a policy document. */
function policyVariables(node: JsonNode): void {
  const mutable = node as MutableNode;
  if (typeof mutable.value === 'string' && mutable.type === 'string') mutable.value = mutable.value.replace(/&\{/g, '${');
  for (const child of node.children ?? []) policyVariables(child);
}
