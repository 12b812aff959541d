import { identityProviderKey } from '../../catalog/oidc';
import { EXPRESSION, jsonNode } from '../../parse/embedded';
import { JsonNode, parseJson } from '../../parse/json';
import { OffsetRange } from '../../parse/range';
import { PolicyInText, SUBSTITUTED_PROVIDER } from './policyText';
import { Piece } from './shellWords';

/**
 * A JSON document as the shell writes it (a heredoc, an `echo`/`printf` argument, a quoted option
 * value), read from its expanded text and placed back on the script: every node's offsets map through
 * the pieces to the characters it came from, so a fault is reported on its own line and column. A
 * string that holds a template (`$(…)`, an unassigned variable) is an `EXPRESSION` to the engine, as a
 * CloudFormation `!Sub` string is, and keeps its `${NAME}` for the facts (where it admits anything).
 */
export interface ShellDocument {
  readonly pieces: readonly Piece[];
  /** Where the document is written: what its facts point at when its characters cannot be placed. */
  readonly range: OffsetRange;
}

interface Expanded {
  readonly text: string;
  /** Each piece with its offset in `text` (empty pieces left out). */
  readonly pieces: readonly Piece[];
  readonly starts: readonly number[];
  /** Where templates stand in `text`, in order. */
  readonly templates: readonly OffsetRange[];
  /** Where the text is not the script's own (templates, values, dropped backslashes), in order. */
  readonly inexact: readonly OffsetRange[];
  /** The document's own quotes are escaped (`"{\"Version\": …}"`): its ranges cannot be exact. */
  readonly escapedQuotes: boolean;
}

function expand(input: readonly Piece[]): Expanded {
  let text = '';
  const pieces: Piece[] = [];
  const starts: number[] = [];
  const templates: OffsetRange[] = [];
  const inexact: OffsetRange[] = [];
  let inString = false;
  let escape = false;
  let escapedQuotes = false;
  // Whether a template stands inside a JSON string: the pieces before it are scanned when one comes
  // (each piece's own text: indexing the growing `text` would flatten it again each time).
  let scanned = 0;
  const scan = () => {
    for (; scanned < pieces.length; scanned++) {
      const t = pieces[scanned].text;
      if (pieces[scanned].kind === 'template') continue;
      for (let i = 0; i < t.length; i++) {
        const c = t[i];
        if (escape) escape = false;
        else if (inString && c === '\\') escape = true;
        else if (c === '"') inString = !inString;
      }
    }
  };
  for (const piece of input) {
    if (piece.kind === 'escaped' && piece.text === '"') escapedQuotes = true;
    let t = piece.text;
    if (piece.kind === 'template') {
      scan();
      // Outside a JSON string, a template stands for a whole value: a string the engine skips.
      if (!inString) t = `"${t}"`;
      templates.push({ start: text.length, end: text.length + t.length });
    }
    if (piece.kind !== 'exact' && piece.kind !== 'escaped') inexact.push({ start: text.length, end: text.length + Math.max(1, t.length) });
    if (t.length === 0) continue;
    starts.push(text.length);
    pieces.push({ ...piece, text: t });
    text += t;
  }
  return { text, pieces, starts, templates, inexact, escapedQuotes };
}

/** The last index whose value is at most `offset` (-1 when none). */
function lastAtMost(values: readonly number[], offset: number): number {
  let low = 0;
  let high = values.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (values[mid] <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

class OffsetMap {
  constructor(private readonly expanded: Expanded) {}

  /** Where the character at `offset` of the expanded text was written. */
  start(offset: number): number {
    const { pieces, starts } = this.expanded;
    if (pieces.length === 0) return 0;
    const i = Math.max(0, lastAtMost(starts, offset));
    const piece = pieces[i];
    const within = offset - starts[i];
    if (within >= piece.text.length) return piece.end;
    return piece.kind === 'exact' || piece.kind === 'escaped' ? piece.start + within : piece.start;
  }

  /** Where the text ending before `offset` ends in the script. */
  end(offset: number): number {
    const { pieces, starts } = this.expanded;
    if (pieces.length === 0) return 0;
    if (offset <= 0) return this.start(0);
    const i = Math.max(0, lastAtMost(starts, offset - 1));
    const piece = pieces[i];
    const within = offset - 1 - starts[i];
    if (within >= piece.text.length) return piece.end;
    return piece.kind === 'exact' || piece.kind === 'escaped' ? piece.start + within + 1 : piece.end;
  }
}

/** Whether `[start, end)` of the expanded text touches a template. */
function touchesTemplate(templates: Templates, start: number, end: number): boolean {
  const i = lastAtMost(templates.starts, end - 1);
  return i >= 0 && templates.spans[i].end > start;
}

interface Templates {
  readonly spans: readonly OffsetRange[];
  readonly starts: readonly number[];
}

/**
 * A copy of the tree in which what a template touches is computed. For the engine, a string or key
 * whose characters are not all the script's own is an `EXPRESSION` (the checks read the text at a
 * node's range; a `!Sub` string is one too); for the facts, strings keep their value (`${NAME}` for
 * a template), and a condition key whose provider is a template keeps its claim on an unknown provider.
 */
function templated(node: JsonNode, templates: Templates, mode: 'engine' | 'facts', isKey = false): JsonNode {
  const end = node.offset + node.length;
  if (node.type === 'string' && templates.spans.length > 0 && touchesTemplate(templates, node.offset, end)) {
    const value = node.value as string;
    if (mode === 'engine') return jsonNode(EXPRESSION, node.offset, end);
    if (isKey && !identityProviderKey(value) && value.includes(':'))
      return jsonNode('string', node.offset, end, `${SUBSTITUTED_PROVIDER}:${value.slice(value.lastIndexOf(':') + 1)}`);
  }
  const children = node.children?.map((child, i) => templated(child, templates, mode, node.type === 'property' && i === 0));
  const copy = jsonNode(node.type, node.offset, end, node.value, children);
  if (node.colonOffset !== undefined) (copy as { colonOffset?: number }).colonOffset = node.colonOffset;
  return copy;
}

/** Moves every node of a tree from the expanded text to the script. */
function placed(node: JsonNode, at: (start: number, end: number) => OffsetRange): void {
  const pending: JsonNode[] = [node];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const mutable = next as { offset: number; length: number; colonOffset?: number };
    const range = at(next.offset, next.offset + next.length);
    if (mutable.colonOffset !== undefined) mutable.colonOffset = at(mutable.colonOffset, mutable.colonOffset + 1).start;
    mutable.offset = range.start;
    mutable.length = Math.max(0, range.end - range.start);
    pending.push(...(next.children ?? []));
  }
}

/**
 * The policy a shell document holds, when it is a JSON object: checked in place when its quotes are
 * its own (a heredoc, single quotes), else (escaped quotes) only its facts, each on the whole document.
 */
export function readShellDocument(document: ShellDocument): PolicyInText | undefined {
  const expanded = expand(document.pieces);
  if (!expanded.text.trimStart().startsWith('{')) return undefined;
  const { root, errors } = parseJson(expanded.text);
  if (root?.type !== 'object') return undefined;
  // Written as is (a quoted heredoc, single quotes): one tree serves the engine and the facts, as with a policy file.
  const facts = expanded.templates.length > 0 ? templated(root, { spans: expanded.templates, starts: expanded.templates.map((t) => t.start) }, 'facts') : root;
  if (expanded.escapedQuotes) {
    placed(facts, () => document.range);
    return { validated: undefined, root: facts };
  }
  const map = new OffsetMap(expanded);
  const at = (start: number, end: number) => ({ start: map.start(start), end: Math.max(map.start(start), map.end(end)) });
  const engine = expanded.inexact.length > 0 ? templated(root, { spans: expanded.inexact, starts: expanded.inexact.map((t) => t.start) }, 'engine') : facts;
  placed(engine, at);
  if (facts !== engine) placed(facts, at);
  return { validated: { root: engine, errors: errors.map((e) => ({ ...e, ...at(e.start, e.end) })) }, root: facts };
}
