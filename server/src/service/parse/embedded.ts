import { Node as JsonNodeShape, NodeType, parseTree, ParseError } from 'jsonc-parser';
import { isAlias, isMap, isScalar, isSeq, Node as YamlNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { JsonNode, JsonSyntaxError, parseJson } from './json';
import { OffsetRange } from './range';

/**
 * Policies written inside other files (CloudFormation, eksctl, Terraform, IAM exports) are read into
 * the same positioned JSON node tree the policy engine reads, with offsets into the embedding
 * document, so every check reports on the embedding file's own text.
 */

/**
 * A value computed by the embedding language (`!Ref`, `!GetAtt`, `!Sub`, `{"Fn::Join": …}`, a
 * Terraform reference or interpolation, a YAML alias): unknown until deployed. Checks skip it.
 */
export const EXPRESSION = 'expression' as NodeType;

export function isExpression(node: JsonNode | undefined): boolean {
  return node?.type === EXPRESSION;
}

/** A policy found inside another document, ready for the policy engine. */
export interface EmbeddedPolicy {
  readonly root: JsonNode;
  /** JSON syntax errors when the policy is JSON text inside a string (heredoc, block scalar). */
  readonly errors: readonly JsonSyntaxError[];
}

interface MutableNode {
  type: NodeType;
  value?: unknown;
  offset: number;
  length: number;
  colonOffset?: number;
  parent?: MutableNode;
  children?: MutableNode[];
}

/** Builds a node of the engine's tree; `children` get their `parent` set. */
export function jsonNode(type: NodeType, offset: number, end: number, value?: unknown, children?: JsonNode[]): JsonNode {
  const node: MutableNode = { type, offset, length: Math.max(0, end - offset) };
  if (value !== undefined) node.value = value;
  if (children) {
    node.children = children as MutableNode[];
    for (const child of node.children) child.parent = node;
  }
  return node as JsonNodeShape;
}

/** `key: value` as the engine's property node (a string key node and the value node). */
export function propertyNode(key: JsonNode, value: JsonNode | undefined): JsonNode {
  const end = value ? value.offset + value.length : key.offset + key.length;
  return jsonNode('property', key.offset, end, undefined, value ? [key, value] : [key]);
}

/** CloudFormation's `Fn::…`/`Ref`/`Condition` intrinsic functions in their JSON form. */
function isIntrinsicObject(node: YamlNode): boolean {
  if (!isMap(node)) return false;
  const items = (node as YAMLMap).items;
  if (items.length !== 1 || !isScalar(items[0].key)) return false;
  const key = String((items[0].key as Scalar).value);
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

/** A YAML node (CloudFormation, eksctl) as the engine's JSON tree, offsets in the YAML text. */
export function yamlToJson(node: YamlNode | null | undefined): JsonNode | undefined {
  if (!node || !node.range) return undefined;
  const [start, valueEnd] = node.range;
  if (isAlias(node) || (node.tag && node.tag.startsWith('!')) || isIntrinsicObject(node)) {
    return jsonNode(EXPRESSION, start, valueEnd);
  }
  if (isMap(node)) {
    const members: JsonNode[] = [];
    for (const pair of (node as YAMLMap<YamlNode, YamlNode>).items) {
      const key = pair.key as YamlNode;
      if (!isScalar(key) || !key.range) continue;
      const keyNode = jsonNode('string', key.range[0], key.range[1], String((key as Scalar).value));
      members.push(propertyNode(keyNode, yamlToJson(pair.value as YamlNode | null)));
    }
    return jsonNode('object', start, valueEnd, undefined, members);
  }
  if (isSeq(node)) {
    const items = (node as YAMLSeq<YamlNode>).items.map((item) => yamlToJson(item)).filter((n): n is JsonNode => n !== undefined);
    return jsonNode('array', start, valueEnd, undefined, items);
  }
  if (isScalar(node)) {
    const value = (node as Scalar).value;
    switch (typeof value) {
      case 'string':
        return jsonNode('string', start, valueEnd, value);
      case 'number':
        return jsonNode('number', start, valueEnd, value);
      case 'boolean':
        return jsonNode('boolean', start, valueEnd, value);
      default:
        return value === null ? jsonNode('null', start, valueEnd, null) : jsonNode(EXPRESSION, start, valueEnd);
    }
  }
  return jsonNode(EXPRESSION, start, valueEnd);
}

/**
 * JSON text that stands verbatim in the document from `start` to `end` (a heredoc, a YAML block
 * scalar: indentation is white space to JSON), parsed with offsets into the document.
 */
export function jsonInDocument(text: string, start: number, end: number): EmbeddedPolicy | undefined {
  const { root, errors } = parseJson(text.slice(start, end));
  if (!root) return undefined;
  shift(root as MutableNode, start);
  return { root, errors: errors.map((e) => ({ ...e, start: e.start + start, end: e.end + start })) };
}

/**
 * A JSON document held in a string whose characters are not the document's own (escaped quotes,
 * URL encoding): parsed from the string's value, every node placed on the string's range, so that
 * what is read from it points at the string. Not for the engine: its ranges are not exact.
 */
export function jsonInString(value: string, range: OffsetRange): JsonNode | undefined {
  const { root } = parseJson(value);
  return root?.type === 'object' ? placedOn(root, range) : undefined;
}

function placedOn(node: JsonNode, range: OffsetRange): JsonNode {
  return jsonNode(
    node.type,
    range.start,
    range.end,
    node.value,
    node.children?.map((child) => placedOn(child, range)),
  );
}

function shift(node: MutableNode, delta: number): void {
  node.offset += delta;
  if (node.colonOffset !== undefined) node.colonOffset += delta;
  for (const child of node.children ?? []) shift(child, delta);
}

/** Whether a string's content parses as a JSON object: a policy written as a JSON string. */
export function looksLikeJsonObject(content: string): boolean {
  const errors: ParseError[] = [];
  return parseTree(content, errors)?.type === 'object' && errors.length === 0;
}
