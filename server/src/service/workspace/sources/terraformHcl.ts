import { EmbeddedPolicy, EXPRESSION, jsonInDocument, jsonNode, propertyNode } from '../../parse/embedded';
import { JsonNode } from '../../parse/json';
import { MAX_NESTING_DEPTH } from '../../parse/sizeLimits';
import { OffsetRange } from '../../parse/range';
import { SyntaxNode } from '../../parse/treeSitter';

/**
 * HCL as the tree-sitter grammar's terraform dialect parses it, read into what the Terraform source
 * needs: block labels and attributes, literal strings, references, and policies written in HCL
 * (`jsonencode({...})`, heredocs) as the engine's JSON node tree with offsets into the .tf file.
 */

/** `name = expression` in a block's body. */
export interface HclAttribute {
  readonly name: string;
  readonly nameNode: SyntaxNode;
  /** The `expression` node. */
  readonly value: SyntaxNode;
}

/** A string whose value Terraform knows before planning: no interpolation, no directive. */
export interface HclString {
  readonly value: string;
  /** With the quotes. */
  readonly range: OffsetRange;
  /** Between the quotes. */
  readonly content: OffsetRange;
}

const named = (node: SyntaxNode): SyntaxNode[] => node.namedChildren.filter((c): c is SyntaxNode => c !== null);

/** The blocks of a body, from the top: ERROR nodes of a file being typed are looked into too. */
export function topLevelBlocks(root: SyntaxNode): SyntaxNode[] {
  const blocks: SyntaxNode[] = [];
  // In document order, without recursion: broken text can nest ERROR nodes as deep as it goes.
  const pending = named(root).reverse();
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'block') blocks.push(node);
    else if (node.type === 'body' || node.type === 'ERROR') for (const child of named(node).reverse()) pending.push(child);
  }
  return blocks;
}

/** A block's type (`resource`) and its labels (`"aws_iam_role"`, `"app"`). */
export function blockHeader(block: SyntaxNode): { type: string; labels: HclString[] } {
  const children = named(block);
  const type = children[0]?.type === 'identifier' ? children[0].text : '';
  const labels: HclString[] = [];
  for (const child of children.slice(1)) {
    if (child.type === 'block_start') break;
    if (child.type === 'string_lit') {
      const label = stringLit(child);
      if (label) labels.push(label);
    } else if (child.type === 'identifier') {
      labels.push({ value: child.text, range: span(child), content: span(child) });
    }
  }
  return { type, labels };
}

function blockBody(block: SyntaxNode): SyntaxNode | undefined {
  return named(block).find((c) => c.type === 'body');
}

/** The attributes of a block's body, by name (the first of each name). */
export function attributesOf(block: SyntaxNode): Map<string, HclAttribute> {
  const attributes = new Map<string, HclAttribute>();
  const body = blockBody(block);
  for (const child of body ? named(body) : []) {
    if (child.type !== 'attribute') continue;
    const [nameNode, value] = named(child);
    if (nameNode?.type === 'identifier' && value?.type === 'expression' && !attributes.has(nameNode.text)) {
      attributes.set(nameNode.text, { name: nameNode.text, nameNode, value });
    }
  }
  return attributes;
}

/** The nested blocks of a body with this type (`statement`, `principals`). */
export function nestedBlocks(block: SyntaxNode, type: string): SyntaxNode[] {
  const body = blockBody(block);
  return (body ? named(body) : []).filter((c) => c.type === 'block' && blockHeader(c).type === type);
}

export function span(node: SyntaxNode): OffsetRange {
  return { start: node.startIndex, end: node.endIndex };
}

/** What an `expression` node stands for, past parentheses. */
function term(expression: SyntaxNode): SyntaxNode[] {
  let children = named(expression);
  while (children.length === 1 && children[0].type === 'expression') children = named(children[0]);
  // `( expression )`: the parentheses are anonymous, the inner expression the only named child.
  return children;
}

/** A literal string expression (`"AppRole"`), unescaped as Terraform reads it; else undefined. */
export function literalString(expression: SyntaxNode | undefined): HclString | undefined {
  if (!expression) return undefined;
  const [only, ...rest] = term(expression);
  if (!only || rest.length) return undefined;
  if (only.type === 'literal_value') {
    const literal = named(only)[0];
    return literal?.type === 'string_lit' ? stringLit(literal) : undefined;
  }
  if (only.type === 'template_expr') {
    const template = named(only)[0];
    if (template?.type === 'quoted_template' && named(template).every((c) => c.type === 'quoted_template_start' || c.type === 'quoted_template_end' || c.type === 'template_literal')) {
      return stringLit(template);
    }
  }
  return undefined;
}

function stringLit(node: SyntaxNode): HclString | undefined {
  const children = named(node);
  const open = children[0];
  const close = children[children.length - 1];
  if (open?.type !== 'quoted_template_start' || close?.type !== 'quoted_template_end' || close.startIndex === close.endIndex) return undefined;
  const content = { start: open.endIndex, end: close.startIndex };
  const raw = children
    .filter((c) => c.type === 'template_literal')
    .map((c) => c.text)
    .join('');
  return { value: unescapeQuoted(raw), range: span(node), content };
}

const QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted string's escapes: `\n`, `\"`, `\uNNNN`…, and `$${`/`%%{` for a literal `${`/`%{`. */
export function unescapeQuoted(raw: string): string {
  return unescapeTemplate(
    raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (escape: string, what: string) => {
      if (what.length > 1) return String.fromCodePoint(parseInt(what.slice(1), 16));
      return QUOTED_ESCAPES[what] ?? escape;
    }),
  );
}

/** A template's own escapes, the only ones a heredoc has. */
export function unescapeTemplate(raw: string): string {
  return raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/** `aws_iam_role.app.name` → `['aws_iam_role', 'app', 'name']`; undefined for anything but a plain reference. */
export function referenceOf(expression: SyntaxNode | undefined): string[] | undefined {
  if (!expression) return undefined;
  const [head, ...rest] = term(expression);
  if (head?.type !== 'variable_expr') return undefined;
  const parts = [head.text];
  for (const part of rest) {
    if (part.type !== 'get_attr') return undefined;
    const name = named(part).find((c) => c.type === 'identifier');
    if (!name) return undefined;
    parts.push(name.text);
  }
  return parts;
}

/** `f(args)` → its name and argument expressions. */
export function functionCall(expression: SyntaxNode | undefined): { name: string; args: SyntaxNode[] } | undefined {
  if (!expression) return undefined;
  const [only, ...rest] = term(expression);
  if (only?.type !== 'function_call' || rest.length) return undefined;
  const [name, args] = named(only);
  if (name?.type !== 'identifier') return undefined;
  return { name: name.text, args: args?.type === 'function_arguments' ? named(args).filter((a) => a.type === 'expression') : [] };
}

/** The string literals of a tuple (`["a", "b"]`); undefined unless every item is one. */
export function literalStrings(expression: SyntaxNode | undefined): HclString[] | undefined {
  if (!expression) return undefined;
  const [only, ...rest] = term(expression);
  const tuple = only?.type === 'collection_value' && !rest.length ? named(only)[0] : undefined;
  if (tuple?.type !== 'tuple') return undefined;
  const items = named(tuple).filter((c) => c.type === 'expression').map(literalString);
  return items.every((i): i is HclString => i !== undefined) ? items : undefined;
}

/**
 * An HCL expression as `jsonencode` renders it, as the engine's node tree: objects (keys
 * identifiers or strings, `=` or `:`), tuples, literal strings, numbers, booleans and null; anything
 * Terraform computes (references, interpolation, function calls, conditionals, for expressions,
 * operations) is an EXPRESSION node, which the checks skip.
 */
export function hclToJson(expression: SyntaxNode, depth = 0): JsonNode {
  const children = term(expression);
  const [only] = children;
  const computed = () => jsonNode(EXPRESSION, expression.startIndex, expression.endIndex);
  // Deeper than any policy: read as computed, so that the walk cannot exhaust the stack.
  if (children.length !== 1 || depth > MAX_NESTING_DEPTH) return computed();
  switch (only.type) {
    case 'literal_value': {
      const literal = named(only)[0];
      switch (literal?.type) {
        case 'string_lit': {
          const string = stringLit(literal);
          return string ? jsonNode('string', literal.startIndex, literal.endIndex, string.value) : computed();
        }
        case 'numeric_lit': {
          const value = Number(literal.text);
          return Number.isFinite(value) ? jsonNode('number', literal.startIndex, literal.endIndex, value) : computed();
        }
        case 'bool_lit':
          return jsonNode('boolean', literal.startIndex, literal.endIndex, literal.text === 'true');
        case 'null_lit':
          return jsonNode('null', literal.startIndex, literal.endIndex, null);
        default:
          return computed();
      }
    }
    case 'template_expr': {
      const string = literalString(expression);
      return string ? jsonNode('string', string.range.start, string.range.end, string.value) : computed();
    }
    case 'collection_value': {
      const collection = named(only)[0];
      if (collection?.type === 'tuple') {
        const items = named(collection).filter((c) => c.type === 'expression').map((item) => hclToJson(item, depth + 1));
        return jsonNode('array', collection.startIndex, collection.endIndex, undefined, items);
      }
      if (collection?.type === 'object') {
        const members = named(collection)
          .filter((c) => c.type === 'object_elem')
          .flatMap((element) => {
            const key = element.childForFieldName('key');
            const value = element.childForFieldName('val');
            return key ? [propertyNode(objectKey(key), value ? hclToJson(value, depth + 1) : undefined)] : [];
          });
        return jsonNode('object', collection.startIndex, collection.endIndex, undefined, members);
      }
      return computed();
    }
    default:
      return computed();
  }
}

/**
 * An object key: a bare identifier is its own name, a string literal its value; a computed key
 * (`"${local.provider}:sub"`, `(var.k)`) is an EXPRESSION node, which `properties()` passes over.
 */
function objectKey(key: SyntaxNode): JsonNode {
  const [only, ...rest] = term(key);
  if (only?.type === 'variable_expr' && !rest.length) return jsonNode('string', only.startIndex, only.endIndex, only.text);
  const string = literalString(key);
  if (string) return jsonNode('string', string.range.start, string.range.end, string.value);
  return jsonNode(EXPRESSION, key.startIndex, key.endIndex);
}

/** `jsonencode({...})`: the object as a policy; undefined when the argument is computed as a whole. */
export function jsonencodePolicy(expression: SyntaxNode): EmbeddedPolicy | undefined {
  const call = functionCall(expression);
  if (call?.name !== 'jsonencode' || call.args.length !== 1) return undefined;
  const root = hclToJson(call.args[0]);
  return root.type === 'object' ? { root, errors: [] } : undefined;
}

/** The heredoc of an expression (`<<EOF`, `<<-EOF`), if that is what it is. */
function heredocOf(expression: SyntaxNode): SyntaxNode | undefined {
  const [only, ...rest] = term(expression);
  const template = only?.type === 'template_expr' && !rest.length ? named(only)[0] : undefined;
  return template?.type === 'heredoc_template' ? template : undefined;
}

/**
 * A heredoc holding JSON: the body as it stands in the document, with JSON syntax errors at their
 * place. Interpolations (`${aws_iam_openid_connect_provider.eks.arn}`) are masked before parsing
 * and the values they touch become EXPRESSION nodes; a heredoc with `%{ }` directives generates
 * its JSON and is not read.
 */
export function heredocPolicy(expression: SyntaxNode, text: string): EmbeddedPolicy | undefined {
  const heredoc = heredocOf(expression);
  if (!heredoc) return undefined;
  const parts = named(heredoc);
  const identifiers = parts.filter((c) => c.type === 'heredoc_identifier');
  if (identifiers.length < 2 || parts.some((c) => c.type === 'template_directive')) return undefined;
  const start = identifiers[0].endIndex;
  const end = identifiers[identifiers.length - 1].startIndex;
  const interpolations = parts.filter((c) => c.type === 'template_interpolation').map(span);
  const policy = jsonInDocument(mask(text, start, end, interpolations), start, end);
  if (!policy || policy.root.type !== 'object') return undefined;
  markComputed(policy.root, interpolations);
  return policy;
}

/**
 * The text with each interpolation replaced by as many characters, so that offsets stay: `x`s in
 * a JSON string (which stays one string), a number and spaces outside one (which stays one value).
 */
function mask(text: string, start: number, end: number, interpolations: readonly OffsetRange[]): string {
  if (interpolations.length === 0) return text;
  let masked = text.slice(0, start);
  let inString = false;
  let next = 0;
  for (let i = start; i < end; i++) {
    const interpolation = interpolations[next];
    if (interpolation && i === interpolation.start) {
      const length = interpolation.end - interpolation.start;
      masked += inString ? 'x'.repeat(length) : '0' + ' '.repeat(length - 1);
      i = interpolation.end - 1;
      next++;
      continue;
    }
    const c = text[i];
    masked += c;
    // A heredoc has no escapes of its own: `\${x}` is still an interpolation.
    if (inString && c === '\\' && i + 1 < end && i + 1 !== interpolation?.start) {
      masked += text[++i];
    } else if (c === '"') {
      inString = !inString;
    }
  }
  return masked + text.slice(end);
}

interface MutableNode {
  type: string;
  value?: unknown;
  offset: number;
  length: number;
  children?: MutableNode[];
}

/** Values an interpolation touches are computed; the others get the template's `$${` escapes undone. */
function markComputed(root: JsonNode, interpolations: readonly OffsetRange[]): void {
  const visit = (node: MutableNode) => {
    if (node.children) {
      for (const child of node.children) visit(child);
      return;
    }
    const touched = interpolations.some((r) => r.start < node.offset + node.length && node.offset < r.end);
    if (touched) {
      node.type = EXPRESSION;
      delete node.value;
    } else if (typeof node.value === 'string') {
      node.value = unescapeTemplate(node.value);
    }
  };
  visit(root as MutableNode);
}

/** `data "aws_iam_policy_document"` attributes that merge in statements from elsewhere. */
const MERGED_DOCUMENTS = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];

const STATEMENT_LISTS: Record<string, string> = { actions: 'Action', not_actions: 'NotAction', resources: 'Resource', not_resources: 'NotResource' };

/**
 * `data "aws_iam_policy_document"` as the policy Terraform renders, each element on the HCL that
 * says it: `statement` blocks → `Statement`, `effect` (default Allow), `actions`/`resources` and
 * their `not_` forms, `principals { type identifiers }` → `Principal: {type: identifiers}`,
 * `condition { test variable values }` → `Condition: {test: {variable: values}}`. Undefined when
 * the document takes statements from elsewhere (`source_policy_documents`, `dynamic` blocks).
 */
export function policyDocument(block: SyntaxNode): EmbeddedPolicy | undefined {
  const attributes = attributesOf(block);
  if (MERGED_DOCUMENTS.some((name) => attributes.has(name)) || nestedBlocks(block, 'dynamic').length) return undefined;
  const head = named(block)[0];
  const members: JsonNode[] = [];
  const version = attributes.get('version');
  members.push(version ? attributeProperty('Version', version) : syntheticProperty('Version', '2012-10-17', span(head)));
  const id = attributes.get('policy_id');
  if (id) members.push(attributeProperty('Id', id));
  const statements = nestedBlocks(block, 'statement');
  if (statements.length) {
    const first = statements[0];
    const last = statements[statements.length - 1];
    const keyword = named(first)[0];
    const items = statements.map(statementObject);
    members.push(propertyNode(jsonNode('string', keyword.startIndex, keyword.endIndex, 'Statement'), jsonNode('array', first.startIndex, last.endIndex, undefined, items)));
  }
  const root = jsonNode('object', block.startIndex, block.endIndex, undefined, members);
  policyVariables(root);
  return { root, errors: [] };
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
  return string ? jsonNode('string', string.range.start, string.range.end, string.value) : jsonNode(EXPRESSION, attribute.value.startIndex, attribute.value.endIndex);
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
  return propertyNode(jsonNode('string', keyword.startIndex, keyword.endIndex, 'Condition'), jsonNode('object', first.startIndex, last.endIndex, undefined, members));
}

/** Terraform writes IAM's `${aws:username}` as `&{aws:username}` in a policy document. */
function policyVariables(node: JsonNode): void {
  const mutable = node as MutableNode;
  if (typeof mutable.value === 'string' && mutable.type === 'string') mutable.value = mutable.value.replace(/&\{/g, '${');
  for (const child of node.children ?? []) policyVariables(child);
}

/** `"${path.module}/trust.json"`: the path below the module's folder, where the whole string is written. */
export function modulePath(expression: SyntaxNode): HclString | undefined {
  const [only, ...rest] = term(expression);
  const template = only?.type === 'template_expr' && !rest.length ? named(only)[0] : undefined;
  if (template?.type !== 'quoted_template') return undefined;
  const parts = named(template).filter((c) => c.type !== 'quoted_template_start' && c.type !== 'quoted_template_end');
  const [interpolation, literal, ...more] = parts;
  if (interpolation?.type !== 'template_interpolation' || literal?.type !== 'template_literal' || more.length) return undefined;
  const inner = named(interpolation).find((c) => c.type === 'expression');
  if (referenceOf(inner)?.join('.') !== 'path.module') return undefined;
  const path = unescapeQuoted(literal.text);
  if (!path.startsWith('/')) return undefined;
  return { value: path.slice(1), range: span(template), content: { start: template.startIndex + 1, end: template.endIndex - 1 } };
}
