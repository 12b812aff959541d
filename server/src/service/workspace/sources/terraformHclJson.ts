import { EmbeddedPolicy, EXPRESSION, jsonInDocument, jsonNode, propertyNode } from '../../parse/embedded';
import { JsonNode } from '../../parse/json';
import { MAX_NESTING_DEPTH } from '../../parse/sizeLimits';
import { OffsetRange } from '../../parse/range';
import { SyntaxNode } from '../../parse/treeSitter';
import { functionCall, literalString, named, span, stringLit, term, unescapeTemplate } from './terraformHcl';

/**
 * Policies written in HCL, as the engine's JSON node tree with offsets into the .tf file: an HCL
 * expression as `jsonencode` renders it, and heredocs holding JSON.
 */

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
        const items = named(collection)
          .filter((c) => c.type === 'expression')
          .map((item) => hclToJson(item, depth + 1));
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

export interface MutableNode {
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
