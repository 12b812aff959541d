import { findNodeAtOffset, Segment } from 'jsonc-parser';
import { isJsonLanguage } from '../../parse/document';
import { JsonNode, locationAt } from '../../parse/json';
import { Policy, POLICY_ELEMENTS, Statement } from '../../parse/policy';
import { OffsetRange } from '../../parse/range';
import { AuthoringContext } from '../context';

/** What the cursor is on in a policy, in IAM's terms. */
export type PolicyPlace =
  | { readonly kind: 'policy-key' }
  | { readonly kind: 'statement-key' }
  /** Between the statements of a `Statement` array: where a whole statement goes. */
  | { readonly kind: 'statement-slot' }
  | { readonly kind: 'policy-value'; readonly element: string }
  | { readonly kind: 'element-value'; readonly element: string }
  | { readonly kind: 'principal-type'; readonly element: string }
  | { readonly kind: 'principal-value'; readonly element: string; readonly principalType: string }
  | { readonly kind: 'condition-operator' }
  | { readonly kind: 'condition-key'; readonly operator: string }
  | { readonly kind: 'condition-value'; readonly operator: string; readonly key: string };

export interface PolicyCursor {
  readonly place: PolicyPlace;
  readonly policy: Policy;
  /** The statement the cursor is in (its model, from the tolerant parse). */
  readonly statement?: Statement;
  /** What a completion replaces: the string's content between its quotes, a YAML scalar, or an empty span at the cursor. */
  readonly replace: OffsetRange;
  /** The text typed before the cursor inside `replace`. */
  readonly prefix: string;
  /** Whether the cursor is inside a string (JSON quotes, or a YAML scalar): insert bare text then, else a JSON string. */
  readonly inString: boolean;
  /** The policy is JSON text (a policy file): inserted values need JSON quotes when `inString` is false. */
  readonly json: boolean;
}

/**
 * Where the cursor is in the policy under it: a policy file (read with the scanner, so that a
 * half-typed key or value still has a place) or a policy embedded in a role-definition source.
 */
export function policyCursorAt(context: AuthoringContext, offset: number): PolicyCursor | undefined {
  const text = context.document.getText();
  const parsed = context.parsed;
  const policy =
    parsed.kind === 'policy' ? parsed.policy : parsed.kind === 'other' && startsPolicy(parsed.json?.root) ? context.policyOf(parsed.json!.root!) : undefined;
  const json = parsed.kind === 'kubernetes' ? undefined : parsed.json;
  if (policy && json && isJsonLanguage(context.document.languageId)) {
    const location = locationAt(text, offset, json);
    const node = location.previousNode;
    // The scanner reports a key being typed as a 'property' node, a value as a 'string' one.
    const inString = (node?.type === 'string' || node?.type === 'property') && node.offset < offset && offset <= node.offset + node.length;
    const replace = inString ? stringContent(text, node) : { start: offset, end: offset };
    return cursorOf(policy, location.path, location.isAtPropertyKey, replace, text, offset, inString, true);
  }
  for (const { policy, model } of context.embedded) {
    const root = policy.root;
    if (offset < root.offset || offset > root.offset + root.length) continue;
    const node = findNodeAtOffset(root, offset, true);
    // A YAML value not typed yet (`Resource: `) is an empty null node at the cursor.
    const empty = node?.type === 'null' && node.length === 0;
    if (!node || (node.type !== 'string' && !empty)) return undefined;
    const { path, isKey } = pathOf(node);
    const quoted = !empty && (text[node.offset] === '"' || text[node.offset] === "'");
    const replace = quoted ? stringContent(text, node) : { start: node.offset, end: node.offset + node.length };
    return cursorOf(model, path, isKey, replace, text, offset, true, false);
  }
  return undefined;
}

function cursorOf(
  policy: Policy,
  path: Segment[],
  isKey: boolean,
  replace: OffsetRange,
  text: string,
  offset: number,
  inString: boolean,
  json: boolean,
): PolicyCursor | undefined {
  const at = (place: PolicyPlace, statement?: Statement): PolicyCursor => ({
    place,
    policy,
    statement,
    replace,
    prefix: text.slice(replace.start, Math.max(replace.start, Math.min(offset, replace.end))),
    inString,
    json,
  });
  if (path.length === 0) return undefined;
  if (path.length === 1) return typeof path[0] === 'string' ? (isKey ? at({ kind: 'policy-key' }) : at({ kind: 'policy-value', element: path[0] })) : undefined;
  if (path[0] !== 'Statement') return undefined;
  // `Statement` is an array of statements, or one statement object.
  const single = typeof path[1] === 'string';
  const statement = single ? policy.statements[0] : policy.statements[path[1] as number];
  const rest = path.slice(single ? 1 : 2);
  if (rest.length === 0) return isKey || single ? undefined : at({ kind: 'statement-slot' });
  const [element, second, third, fourth] = rest;
  if (typeof element !== 'string') return undefined;
  if (rest.length === 1) return isKey ? at({ kind: 'statement-key' }, statement) : at({ kind: 'element-value', element }, statement);
  if (element === 'Principal' || element === 'NotPrincipal') {
    if (typeof second !== 'string') return undefined;
    if (rest.length === 2 && isKey) return at({ kind: 'principal-type', element }, statement);
    return at({ kind: 'principal-value', element, principalType: second }, statement);
  }
  if (element === 'Condition') {
    if (typeof second !== 'string') return undefined;
    if (rest.length === 2) return isKey ? at({ kind: 'condition-operator' }, statement) : undefined;
    if (typeof third !== 'string') return undefined;
    if (rest.length === 3 && isKey) return at({ kind: 'condition-key', operator: second }, statement);
    if (rest.length === 3 || (rest.length === 4 && typeof fourth === 'number')) return at({ kind: 'condition-value', operator: second, key: third }, statement);
    return undefined;
  }
  // An item of an element's array (Action, Resource…).
  if (rest.length === 2 && typeof second === 'number') return at({ kind: 'element-value', element }, statement);
  return undefined;
}

/** A JSON object that is becoming a policy: every key so far begins a policy element's name (`{}`, `{"Ver`). */
function startsPolicy(root: JsonNode | undefined): boolean {
  if (root?.type !== 'object') return false;
  return (root.children ?? []).every((p) => {
    const key = String(p.children?.[0]?.value ?? '').toLowerCase();
    return POLICY_ELEMENTS.some((name) => name.toLowerCase().startsWith(key));
  });
}

/** A string node's content span: after the opening quote, before the closing one if it is there. */
function stringContent(text: string, node: JsonNode): OffsetRange {
  const end = node.offset + node.length;
  const closed = node.length > 1 && text[end - 1] === text[node.offset];
  return { start: node.offset + 1, end: closed ? end - 1 : end };
}

/** The JSON path of a node of the tree, and whether the node is a property's key. */
function pathOf(node: JsonNode): { path: Segment[]; isKey: boolean } {
  const path: Segment[] = [];
  let isKey = false;
  let child = node;
  let parent = node.parent;
  if (parent?.type === 'property' && parent.children?.[0] === node) {
    isKey = true;
    path.unshift(String(node.value));
    child = parent;
    parent = parent.parent;
  }
  while (parent) {
    if (parent.type === 'property') path.unshift(String(parent.children?.[0]?.value));
    else if (parent.type === 'array') path.unshift(parent.children?.indexOf(child) ?? 0);
    child = parent;
    parent = parent.parent;
  }
  return { path, isKey };
}
