import { getLocation, Location, Node as JsonNode, ParseErrorCode, parseTree, ParseError } from 'jsonc-parser';
import { blankedOut, firstSyntaxErrors, jsonTooDeep, MAX_NESTING_DEPTH } from './sizeLimits';
import { OffsetRange } from './range';

export type { JsonNode };

export interface JsonSyntaxError extends OffsetRange {
  readonly message: string;
}

export interface ParsedJson {
  /** The tolerant tree: present even when the text has errors, as far as it could be read. */
  readonly root: JsonNode | undefined;
  readonly errors: readonly JsonSyntaxError[];
  /** Values nested deeper than MAX_NESTING_DEPTH: each read as a `0`, not as what it holds. */
  readonly tooDeep?: readonly OffsetRange[];
}

/** One `"key": value` member of an object, with its nodes. */
export interface JsonProperty {
  readonly key: string;
  readonly keyNode: JsonNode;
  /** Absent while the user is still typing (`"Effect": `). */
  readonly valueNode: JsonNode | undefined;
  readonly node: JsonNode;
}

const MESSAGES: Record<number, string> = {
  [ParseErrorCode.InvalidSymbol]: 'Invalid symbol: JSON allows only objects, arrays, strings, numbers, true, false and null here',
  [ParseErrorCode.InvalidNumberFormat]: 'Invalid number format',
  [ParseErrorCode.PropertyNameExpected]: 'Property name expected: keys are double-quoted strings',
  [ParseErrorCode.ValueExpected]: 'Value expected',
  [ParseErrorCode.ColonExpected]: 'Colon expected after the property name',
  [ParseErrorCode.CommaExpected]: 'Comma expected between elements',
  [ParseErrorCode.CloseBraceExpected]: 'Closing brace `}` expected',
  [ParseErrorCode.CloseBracketExpected]: 'Closing bracket `]` expected',
  [ParseErrorCode.EndOfFileExpected]: 'End of file expected: a policy is exactly one JSON object',
  [ParseErrorCode.InvalidCommentToken]: 'Comments are not allowed: IAM rejects a policy that contains comments',
  [ParseErrorCode.UnexpectedEndOfComment]: 'Unterminated comment (and IAM rejects comments)',
  [ParseErrorCode.UnexpectedEndOfString]: 'Unterminated string: a closing `"` is missing',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'Unexpected end of number',
  [ParseErrorCode.InvalidUnicode]: 'Invalid unicode escape sequence',
  [ParseErrorCode.InvalidEscapeCharacter]: 'Invalid escape character in string',
  [ParseErrorCode.InvalidCharacter]: 'Invalid character in string (control characters must be escaped)',
};

/**
 * Parses strictly as IAM does (no comments, no trailing commas) but tolerantly: the tree is
 * built as far as possible so that a policy being typed still gets every other check.
 */
export function parseJson(text: string): ParsedJson {
  const raw: ParseError[] = [];
  // Most texts are shallow: parsed once, and only a deep (or unparsable) one is measured and blanked.
  let root = parseShallow(text, raw);
  let tooDeep: OffsetRange[] = [];
  let readable = text;
  if (root === NOT_SHALLOW) {
    tooDeep = jsonTooDeep(text);
    readable = tooDeep.length ? blankedOut(text, tooDeep) : text;
    raw.length = 0;
    root = parseTree(readable, raw, PARSE_OPTIONS);
  }
  const errors: JsonSyntaxError[] = [];
  const seen = new Set<number>();
  for (const error of raw) {
    const trailingComma = trailingCommaBefore(readable, error);
    const start = trailingComma ?? error.offset;
    if (seen.has(start)) continue;
    seen.add(start);
    if (trailingComma !== undefined) {
      errors.push({ start, end: start + 1, message: 'Trailing comma: IAM rejects it; remove the comma' });
    } else {
      errors.push({ start, end: error.offset + Math.max(error.length, 1), message: MESSAGES[error.error] ?? 'Invalid JSON' });
    }
  }
  const listed = firstSyntaxErrors(errors);
  return tooDeep.length ? { root, errors: listed, tooDeep } : { root, errors: listed };
}

const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true };
const NOT_SHALLOW = Symbol('not shallow');

/**
 * The tree, when the text certainly nests no deeper than MAX_NESTING_DEPTH: fewer brackets than that
 * (counted natively), or a tree without syntax errors (then every bracket is a node) that is not
 * deeper. A text that parses with errors may hide brackets the tree skipped: it is measured.
 */
function parseShallow(text: string, raw: ParseError[]): JsonNode | undefined | typeof NOT_SHALLOW {
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, raw, PARSE_OPTIONS);
  } catch (error) {
    if (error instanceof RangeError) return NOT_SHALLOW; // the parser's own recursion overflowed: very deep
    throw error;
  }
  if (fewerBrackets(text, MAX_NESTING_DEPTH)) return root;
  return raw.length === 0 && !(root && deeperThan(root, MAX_NESTING_DEPTH)) ? root : NOT_SHALLOW;
}

function fewerBrackets(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i >= 0 && count <= limit; i = text.indexOf(bracket, i + 1)) count++;
  }
  return count <= limit;
}

/**
 * `text` read as exactly one JSON value with no syntax error, nesting no deeper than `depth`, with
 * the offsets it has at `offset` of a larger text; undefined otherwise. A value that parses cleanly
 * alone parses the same inside any text where a value may stand (JSON is context-free).
 */
export function parseCleanValue(text: string, offset: number, depth: number): JsonNode | undefined {
  const raw: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, raw, PARSE_OPTIONS);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  if (raw.length > 0 || !root || root.offset !== 0 || root.length !== text.length || deeperThan(root, depth)) return undefined;
  if (offset !== 0) shiftNodes(root, offset);
  return root;
}

type MutableNode = { -readonly [K in keyof JsonNode]: JsonNode[K] };

/** Moves a node and everything under it by `delta` characters. */
export function shiftNodes(node: JsonNode, delta: number): void {
  const mutable = node as MutableNode;
  mutable.offset += delta;
  if (mutable.colonOffset !== undefined) mutable.colonOffset += delta;
  const children = node.children;
  if (children) for (let i = 0; i < children.length; i++) shiftNodes(children[i], delta);
}

/**
 * Puts `replacement` where `node` stood in its tree and moves everything after it (and the ends of
 * its ancestors) by `delta`, the change of length. The tree is changed in place.
 */
export function replaceNode(node: JsonNode, replacement: JsonNode, delta: number): void {
  const parent = node.parent;
  if (!parent?.children) return;
  (replacement as MutableNode).parent = parent;
  parent.children[parent.children.indexOf(node)] = replacement;
  let child = replacement;
  for (let up: JsonNode | undefined = parent; up; child = up, up = up.parent) {
    (up as MutableNode).length += delta;
    const siblings = up.children ?? [];
    for (let i = siblings.indexOf(child) + 1; i < siblings.length; i++) shiftNodes(siblings[i], delta);
  }
}

/** How many objects and arrays enclose `node`. */
export function depthOf(node: JsonNode): number {
  let depth = 0;
  for (let up = node.parent; up; up = up.parent) if (up.type === 'object' || up.type === 'array') depth++;
  return depth;
}

/** Whether objects and arrays nest more than `limit` deep under `node` (properties are not a level). */
function deeperThan(node: JsonNode, limit: number): boolean {
  const level = node.type === 'object' || node.type === 'array' ? 1 : 0;
  if (level > limit) return true;
  for (const child of node.children ?? []) if (child.children && deeperThan(child, limit - level)) return true;
  return false;
}

/**
 * jsonc-parser's location of an offset (its path, whether on a key), over the text `parseJson` reads:
 * `parsed`, that text's parse, says which values it blanked (none, most often), so the text is not measured again.
 */
export function locationAt(text: string, offset: number, parsed: ParsedJson): Location {
  return getLocation(parsed.tooDeep ? blankedOut(text, parsed.tooDeep) : text, offset);
}

/** The offset of a `,` that directly precedes a closing `}`/`]` where the parser stopped, if any. */
function trailingCommaBefore(text: string, error: ParseError): number | undefined {
  if (error.error !== ParseErrorCode.PropertyNameExpected && error.error !== ParseErrorCode.ValueExpected) return undefined;
  const closer = text[error.offset];
  if (closer !== '}' && closer !== ']') return undefined;
  let i = error.offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : undefined;
}

export function properties(node: JsonNode | undefined): JsonProperty[] {
  if (node?.type !== 'object' || !node.children) return [];
  const result: JsonProperty[] = [];
  for (const member of node.children) {
    const keyNode = member.children?.[0];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    result.push({ key: keyNode.value, keyNode, valueNode: member.children?.[1], node: member });
  }
  return result;
}

/** The range of a node; for a string, the characters between the quotes. */
export function valueRange(node: JsonNode, text: string): OffsetRange {
  if (node.type === 'string' && node.length >= 2 && text[node.offset + node.length - 1] === '"') {
    return { start: node.offset + 1, end: node.offset + node.length - 1 };
  }
  return { start: node.offset, end: node.offset + node.length };
}

/** The string nodes of an element that takes a string or an array of strings. */
export function stringItems(node: JsonNode | undefined): readonly JsonNode[] {
  if (!node) return NONE;
  if (node.type === 'string') return [node];
  if (node.type !== 'array' || !node.children) return NONE;
  // Asked by most checks of every statement: an array of strings only (the usual one) is its own list.
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i].type !== 'string') return children.filter((c) => c.type === 'string');
  return children;
}

const NONE: readonly JsonNode[] = [];

/**
 * The tree `parseJson` would build for `JSON.stringify(value)`, built from the value itself (no
 * offsets: every node is at 0): for JSON that arrives already parsed, such as `can --batch` questions.
 */
export function nodeOfValue(value: unknown, parent?: JsonNode): JsonNode {
  const node = { offset: 0, length: 0, parent } as { -readonly [K in keyof JsonNode]: JsonNode[K] };
  if (Array.isArray(value)) {
    node.type = 'array';
    node.children = value.map((item) => nodeOfValue(item, node));
  } else if (value !== null && typeof value === 'object') {
    node.type = 'object';
    node.children = Object.entries(value).map(([key, item]) => {
      const property = { type: 'property', offset: 0, length: 0, parent: node } as { -readonly [K in keyof JsonNode]: JsonNode[K] };
      property.children = [{ type: 'string', value: key, offset: 0, length: 0, parent: property }, nodeOfValue(item, property)];
      return property;
    });
  } else {
    node.type =
      value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'null';
    node.value = value;
  }
  return node;
}
