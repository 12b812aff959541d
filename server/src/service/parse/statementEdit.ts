import { PolicyFile } from './document';
import { depthOf, parseCleanValue, replaceNode } from './json';
import { buildStatement, Policy } from './policy';
import { isOversize, MAX_NESTING_DEPTH } from './sizeLimits';

/**
 * The next version of a policy file when the edit lies inside one statement of its `Statement` array
 * (typing in an action name, a resource, a condition): only that statement is parsed again, the rest
 * of the tree is kept, moved by the change of length. The result equals `parseDocument`'s: the
 * previous version parsed without a syntax error, the edited statement alone parses without one,
 * and JSON is context-free. Undefined when that does not hold (then the caller parses the whole text).
 *
 * The previous version's tree is taken over, changed in place: its file must not be read afterwards.
 * The statements whose text did not change keep their `Statement` objects, so what is derived from
 * a statement's content alone may be kept with it from one version to the next.
 */
export function reparseEditedStatement(previous: PolicyFile, text: string): PolicyFile | undefined {
  const { json, policy } = previous;
  const old = previous.text;
  const array = policy.element.Statement?.valueNode;
  if (json.errors.length > 0 || json.tooDeep || isOversize(text) || array?.type !== 'array') return undefined;
  // The changed span: [start, oldEnd) of the previous text became [start, newEnd) of this one.
  const start = commonPrefix(old, text);
  const tail = commonSuffix(old, text, start);
  const oldEnd = old.length - tail;
  const newEnd = text.length - tail;
  if (start === oldEnd && start === newEnd) return { ...previous, text, policy: { ...policy } };
  // The statement whose brackets both stayed, with the change between them.
  const edited = statementAround(policy, start, oldEnd);
  if (!edited || edited.node.type !== 'object') return undefined;
  const delta = text.length - old.length;
  const from = edited.node.offset;
  const node = parseCleanValue(text.slice(from, from + edited.node.length + delta), from, MAX_NESTING_DEPTH - depthOf(edited.node));
  if (node?.type !== 'object') return undefined;
  replaceNode(edited.node, node, delta);
  const replacement = buildStatement(node, edited.index);
  const statements = policy.statements.map((statement) => (statement === edited ? replacement : statement));
  const next: Policy = { root: policy.root, elements: policy.elements, element: policy.element, statements };
  return { kind: 'policy', text, json: { root: json.root, errors: [] }, policy: next };
}

/** The statement that holds [start, end) strictly inside its first and last characters. */
function statementAround(policy: Policy, start: number, end: number) {
  const { statements } = policy;
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const { offset, length } = statements[middle].node;
    if (end >= offset + length) low = middle + 1;
    else if (start <= offset) high = middle - 1;
    else return start > offset && end < offset + length ? statements[middle] : undefined;
  }
  return undefined;
}

/** Compared a block at a time (native comparison), then a character at a time. */
const BLOCKS = [1024, 64, 1];

/** The length of the longest common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  let length = 0;
  for (const block of BLOCKS) {
    while (length + block <= shorter && a.slice(length, length + block) === b.slice(length, length + block)) length += block;
  }
  return length;
}

/** The length of the longest common suffix of `a` and `b` that leaves their first `prefix` characters out. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const shorter = Math.min(a.length, b.length) - prefix;
  let length = 0;
  for (const block of BLOCKS) {
    while (length + block <= shorter && a.slice(a.length - length - block, a.length - length) === b.slice(b.length - length - block, b.length - length)) {
      length += block;
    }
  }
  return length;
}
