import { OffsetRange } from '../../parse/range';
import { SyntaxNode } from '../../parse/treeSitter';

/**
 * HCL as the tree-sitter grammar's terraform dialect parses it, read into what the Terraform source
 * needs: block labels and attributes, literal strings, references and function calls.
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

export const named = (node: SyntaxNode): SyntaxNode[] => node.namedChildren.filter((c): c is SyntaxNode => c !== null);

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
export function term(expression: SyntaxNode): SyntaxNode[] {
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
    if (
      template?.type === 'quoted_template' &&
      named(template).every((c) => c.type === 'quoted_template_start' || c.type === 'quoted_template_end' || c.type === 'template_literal')
    ) {
      return stringLit(template);
    }
  }
  return undefined;
}

export function stringLit(node: SyntaxNode): HclString | undefined {
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

/** The item expressions of a tuple (`[a, "b"]`); undefined when the value is not written as one. */
export function tupleItems(expression: SyntaxNode | undefined): SyntaxNode[] | undefined {
  if (!expression) return undefined;
  const [only, ...rest] = term(expression);
  const tuple = only?.type === 'collection_value' && !rest.length ? named(only)[0] : undefined;
  if (tuple?.type !== 'tuple') return undefined;
  return named(tuple).filter((c) => c.type === 'expression');
}

/** The string literals of a tuple (`["a", "b"]`); undefined unless every item is one. */
export function literalStrings(expression: SyntaxNode | undefined): HclString[] | undefined {
  if (!expression) return undefined;
  const [only, ...rest] = term(expression);
  const tuple = only?.type === 'collection_value' && !rest.length ? named(only)[0] : undefined;
  if (tuple?.type !== 'tuple') return undefined;
  const items = named(tuple)
    .filter((c) => c.type === 'expression')
    .map(literalString);
  return items.every((i): i is HclString => i !== undefined) ? items : undefined;
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
