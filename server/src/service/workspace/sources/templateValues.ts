import { isMap, isScalar, isSeq, Node as YamlNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { EXPRESSION, jsonNode, propertyNode, yamlToJson } from '../../parse/embedded';
import { JsonNode, properties, valueRange } from '../../parse/json';
import { OffsetRange } from '../../parse/range';

/**
 * A CloudFormation template read the same way whether it is YAML (short-form tags `!Sub`, `!Ref`…)
 * or JSON (`{"Ref": …}`, `{"Fn::…": …}` objects): literal strings, mappings, sequences, and intrinsic
 * functions, whose values are unknown until deployed.
 */
export interface TemplateValue {
  readonly range: OffsetRange;
  /** A literal string; undefined for intrinsic functions and other types. */
  readonly string: string | undefined;
  /** A literal boolean (`roleOnly: true`). */
  readonly boolean: boolean | undefined;
  /** `Ref`, `Sub`, `GetAtt`…, from `!Sub x` or `Fn::Sub: x`, with its argument. */
  readonly intrinsic: Intrinsic | undefined;
  /** A mapping's entries (none for an intrinsic function). */
  entries(): TemplateEntry[];
  get(key: string): TemplateValue | undefined;
  items(): TemplateValue[];
  /** The value as the policy engine's tree: intrinsic functions and aliases are `EXPRESSION` nodes. */
  tree(): JsonNode | undefined;
  /** A string's characters in the document, and whether the text holds them verbatim (no quotes to undo, no escapes). */
  characters(): { readonly content: OffsetRange; readonly verbatim: boolean } | undefined;
  /** The value as written (`!Ref ReadOnlyPolicy`, `{"Ref": "ReadOnlyPolicy"}`), for labels. */
  written(): string;
}

export interface TemplateEntry {
  readonly key: string;
  readonly keyRange: OffsetRange;
  readonly value: TemplateValue | undefined;
}

export interface Intrinsic {
  /** Without `Fn::` or `!`: `Ref`, `Sub`, `GetAtt`, `Join`, `If`… */
  readonly name: string;
  readonly argument: TemplateValue | undefined;
}

function intrinsicName(key: string): string | undefined {
  if (key === 'Ref' || key === 'Condition') return key;
  return key.startsWith('Fn::') ? key.slice('Fn::'.length) : undefined;
}

/** A YAML template's node; `text` is the document's text. */
export function yamlValue(node: YamlNode | null | undefined, text: string, ignoreTag = false): TemplateValue | undefined {
  if (!node || !node.range) return undefined;
  const range = { start: node.range[0], end: node.range[1] };
  const tag = !ignoreTag && node.tag?.startsWith('!') ? node.tag.slice(1) : undefined;
  let intrinsic: Intrinsic | undefined;
  let mapping: YAMLMap<YamlNode, YamlNode> | undefined;
  if (tag) {
    intrinsic = { name: tag, argument: yamlValue(node, text, true) };
  } else if (isMap(node)) {
    const items = (node as YAMLMap<YamlNode, YamlNode>).items;
    const name = items.length === 1 && isScalar(items[0].key) ? intrinsicName(String((items[0].key as Scalar).value)) : undefined;
    if (name) intrinsic = { name, argument: yamlValue(items[0].value as YamlNode | null, text) };
    else mapping = node as YAMLMap<YamlNode, YamlNode>;
  }
  const scalar = !tag && isScalar(node) ? (node as Scalar) : undefined;
  const string = scalar && typeof scalar.value === 'string' ? scalar.value : undefined;
  const entries = (): TemplateEntry[] =>
    (mapping?.items ?? []).flatMap((pair) => {
      const key = pair.key as YamlNode;
      if (!isScalar(key) || !key.range) return [];
      return [
        { key: String((key as Scalar).value), keyRange: { start: key.range[0], end: key.range[1] }, value: yamlValue(pair.value as YamlNode | null, text) },
      ];
    });
  return {
    range,
    string,
    boolean: scalar && typeof scalar.value === 'boolean' ? scalar.value : undefined,
    intrinsic,
    entries,
    get: (key) => entries().find((e) => e.key === key)?.value,
    items: () =>
      !tag && isSeq(node) ? (node as YAMLSeq<YamlNode>).items.map((item) => yamlValue(item, text)).filter((v): v is TemplateValue => v !== undefined) : [],
    // The argument of a short-form tag is read as text (`!Sub |` JSON), never as a policy tree.
    tree: () => (ignoreTag ? undefined : yamlToJson(node)),
    characters: () => (string === undefined || !scalar ? undefined : scalarCharacters(scalar, string, text)),
    written: () => (tag ? `!${tag} ${text.slice(range.start, range.end).trim()}` : text.slice(range.start, range.end).trim()),
  };
}

function scalarCharacters(scalar: Scalar, value: string, text: string): { content: OffsetRange; verbatim: boolean } {
  const [start, end] = scalar.range!;
  switch (scalar.type) {
    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      // The content starts on the line after the `|`/`>` header; its indentation is white space to JSON.
      const newline = text.indexOf('\n', start);
      return { content: { start: newline < 0 || newline > end ? end : newline + 1, end }, verbatim: true };
    }
    case Scalar.QUOTE_DOUBLE:
    case Scalar.QUOTE_SINGLE:
      return { content: { start: start + 1, end: end - 1 }, verbatim: text.slice(start + 1, end - 1) === value };
    default:
      return { content: { start, end }, verbatim: text.slice(start, end) === value };
  }
}

/** A JSON template's node (jsonc-parser tree); `text` is the document's text. */
export function jsonValue(node: JsonNode | undefined, text: string): TemplateValue | undefined {
  if (!node) return undefined;
  const range = { start: node.offset, end: node.offset + node.length };
  const members = properties(node);
  const name = members.length === 1 && node.children?.length === 1 ? intrinsicName(members[0].key) : undefined;
  const intrinsic = name ? { name, argument: jsonValue(members[0].valueNode, text) } : undefined;
  const entries = (): TemplateEntry[] =>
    intrinsic ? [] : members.map((m) => ({ key: m.key, keyRange: valueRange(m.keyNode, text), value: jsonValue(m.valueNode, text) }));
  const string = node.type === 'string' ? (node.value as string) : undefined;
  return {
    range,
    string,
    boolean: node.type === 'boolean' ? (node.value as boolean) : undefined,
    intrinsic,
    entries,
    get: (key) => entries().find((e) => e.key === key)?.value,
    items: () => (node.type === 'array' ? (node.children ?? []).map((c) => jsonValue(c, text)!) : []),
    tree: () => jsonTemplateTree(node),
    characters: () => {
      if (string === undefined) return undefined;
      const content = valueRange(node, text);
      return { content, verbatim: text.slice(content.start, content.end) === string };
    },
    written: () => text.slice(range.start, range.end).replace(/\s+/g, ' '),
  };
}

/** A copy of a JSON template's subtree in which `{"Ref": …}` and `{"Fn::…": …}` objects are `EXPRESSION` nodes. */
function jsonTemplateTree(node: JsonNode): JsonNode {
  const end = node.offset + node.length;
  switch (node.type) {
    case 'object': {
      const members = properties(node);
      if (members.length === 1 && node.children?.length === 1 && intrinsicName(members[0].key)) return jsonNode(EXPRESSION, node.offset, end);
      const children = (node.children ?? []).flatMap((member) => {
        const [key, value] = member.children ?? [];
        return key ? [propertyNode(jsonNode('string', key.offset, key.offset + key.length, key.value), value ? jsonTemplateTree(value) : undefined)] : [];
      });
      return jsonNode('object', node.offset, end, undefined, children);
    }
    case 'array':
      return jsonNode('array', node.offset, end, undefined, (node.children ?? []).map(jsonTemplateTree));
    default:
      return jsonNode(node.type, node.offset, end, node.value);
  }
}
