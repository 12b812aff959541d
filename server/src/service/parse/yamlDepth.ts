import { CST, Lexer, Parser } from 'yaml';
import { blankedOut, MAX_NESTING_DEPTH } from './sizeLimits';

/**
 * YAML's syntax tree with nothing nested deeper than MAX_NESTING_DEPTH, and where it was cut. The
 * `yaml` library recurses once per level twice: its parser when one line closes many block
 * collections at once (`- - - … 1` then a line less indented), its composer on every collection.
 * Past a few thousand levels either exhausts the stack, and V8 may then abort the whole process.
 */
export function shallowSyntaxTree(text: string): { tokens: CST.Token[]; tooDeep: number[] } {
  const tooDeep: number[] = [];
  let source = text;
  for (let cuts = 0; ; cuts++) {
    const parsed = blockSyntaxTree(source);
    if (typeof parsed === 'number') {
      // Many deep places are cut one by one; past a few, everything from the last one on goes.
      tooDeep.push(parsed);
      source = blankedOut(source, [{ start: parsed, end: cuts < MAX_CUTS ? blockEnd(source, parsed) : source.length }]);
      continue;
    }
    tooDeep.push(...cutDeepCollections(parsed));
    return { tokens: parsed, tooDeep: tooDeep.sort((a, b) => a - b) };
  }
}

const MAX_CUTS = 8;

/** The syntax tree, or the offset of the first block collection that opens past the limit. */
function blockSyntaxTree(source: string): CST.Token[] | number {
  const parser = new Parser();
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(source)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The parser's stack holds the document, its block collections, then flow ones (never the reverse).
    const deepest = parser.stack[MAX_NESTING_DEPTH + 1];
    if (deepest && (deepest.type === 'block-map' || deepest.type === 'block-seq')) return deepest.offset;
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/** Where a block collection opening at `start` ends: at the first line, after its own, indented less than it. */
function blockEnd(source: string, start: number): number {
  const column = start - (source.lastIndexOf('\n', start - 1) + 1);
  let end = source.indexOf('\n', start);
  while (end >= 0) {
    const next = source.indexOf('\n', end + 1);
    const line = source.slice(end + 1, next < 0 ? source.length : next);
    const indentation = line.length - line.trimStart().length;
    if (line.trim() !== '' && indentation < column) return end;
    end = next;
  }
  return source.length;
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** Replaces each collection deeper than MAX_NESTING_DEPTH (flow ones, in practice) by an empty scalar; returns their offsets. */
function cutDeepCollections(tokens: CST.Token[]): number[] {
  const cut: number[] = [];
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const token of tokens) if (token.type === 'document' && token.value) stack.push({ token: token.value, depth: 1 });
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { token, depth } = next;
    if (!COLLECTIONS.has(token.type)) continue;
    for (const item of (token as CST.BlockMap | CST.BlockSequence | CST.FlowCollection).items as CST.CollectionItem[]) {
      for (const slot of ['key', 'value'] as const) {
        const child = item[slot];
        if (!child || !COLLECTIONS.has(child.type)) continue;
        if (depth < MAX_NESTING_DEPTH) {
          stack.push({ token: child, depth: depth + 1 });
        } else {
          cut.push(child.offset);
          item[slot] = { type: 'scalar', offset: child.offset, indent: (child as CST.BlockMap).indent, source: '' };
        }
      }
    }
  }
  return cut;
}
