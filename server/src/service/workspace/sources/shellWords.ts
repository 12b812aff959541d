import { OffsetRange } from '../../parse/range';
import { SyntaxNode } from '../../parse/treeSitter';

/**
 * A shell word or heredoc as the text it expands to, in pieces that remember where each came from in
 * the script: `exact` characters stand as written (a range inside them maps one to one); a `value` is
 * a variable the script assigned a literal; a `template` is what only the running shell knows
 * (`$(…)`, an unassigned `$VAR`), written `${NAME}`; `escaped` is the character after a backslash, and
 * `dropped` the backslash (or a `\`-newline) the shell removes.
 */
export interface Piece {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly kind: 'exact' | 'escaped' | 'value' | 'template' | 'dropped';
}

/** What the script has assigned so far: a variable's static text, or the pieces of a document it holds (`P=$(cat <<EOF…)`). */
export interface Variable {
  readonly text: string;
  /** Set when the value is a heredoc: its pieces, so that a policy read through the variable is placed on the heredoc. */
  readonly pieces?: readonly Piece[];
}

/** A variable mapped to undefined is assigned a value only the running shell knows; one not in the map is unset. */
export type Scope = Map<string, Variable | undefined>;

/** One word of a command line: its value when it is static, and where it is. */
export interface Word {
  readonly value: string | undefined;
  /** The value with what only the shell knows as `${NAME}`. */
  readonly partial: string;
  readonly pieces: readonly Piece[];
  readonly range: OffsetRange;
  /** The value's own characters (inside quotes): where a name or ARN is reported. */
  readonly content: OffsetRange;
}

/** The pieces' text: `value` when every piece is known. */
export function joined(pieces: readonly Piece[]): { value: string | undefined; partial: string } {
  let partial = '';
  let known = true;
  for (const piece of pieces) {
    partial += piece.text;
    if (piece.kind === 'template') known = false;
  }
  return { value: known ? partial : undefined, partial };
}

/** A word's pieces and value: quotes removed, variables of earlier assignments substituted. */
export function wordOf(node: SyntaxNode, scope: Scope, source: string): Word {
  const range = { start: node.startIndex, end: node.endIndex };
  const quoted = node.type === 'string' || node.type === 'raw_string';
  const content = quoted ? { start: range.start + 1, end: range.end - 1 } : range;
  return word(piecesOf(node, scope, source), range, content);
}

export function word(pieces: readonly Piece[], range: OffsetRange, content: OffsetRange): Word {
  return { ...joined(pieces), pieces, range, content };
}

const exact = (source: string, start: number, end: number): Piece => ({ text: source.slice(start, end), start, end, kind: 'exact' });
const template = (name: string, start: number, end: number): Piece => ({ text: `\${${name}}`, start, end, kind: 'template' });

/**
 * Literal text with backslash escapes: unquoted, `\x` is `x`; in double quotes only `$`, backquote,
 * `"`, `\` and newline are escaped; in a heredoc the same but `"`. A backquote starts a command substitution.
 */
function literalPieces(source: string, start: number, end: number, context: 'unquoted' | 'double' | 'heredoc', out: Piece[]): void {
  const escapes = context === 'unquoted' ? undefined : context === 'double' ? '$`"\\\n' : '$`\\\n';
  let from = start;
  for (let i = start; i < end; i++) {
    const c = source[i];
    if (c === '\\' && i + 1 < end && (!escapes || escapes.includes(source[i + 1]))) {
      if (i > from) out.push(exact(source, from, i));
      out.push({ text: '', start: i, end: i + 1, kind: 'dropped' });
      if (source[i + 1] === '\n') out.push({ text: '', start: i + 1, end: i + 2, kind: 'dropped' });
      else out.push({ text: source[i + 1], start: i + 1, end: i + 2, kind: 'escaped' });
      from = ++i + 1;
    } else if (c === '`' && context !== 'unquoted') {
      if (i > from) out.push(exact(source, from, i));
      let close = i + 1;
      while (close < end && source[close] !== '`') close += source[close] === '\\' ? 2 : 1;
      const stop = Math.min(close + 1, end);
      out.push(template('command', i, stop));
      from = stop;
      i = stop - 1;
    }
  }
  if (end > from) out.push(exact(source, from, end));
}

/** Nesting past which a word is not expanded (`${X:-"${X:-"…`): a template, not a stack overflow. */
const MAX_DEPTH = 64;

/** The pieces a word, string or expansion expands to. */
export function piecesOf(node: SyntaxNode, scope: Scope, source: string, out: Piece[] = [], depth = 0): Piece[] {
  if (depth > MAX_DEPTH) {
    out.push(template('value', node.startIndex, node.endIndex));
    return out;
  }
  switch (node.type) {
    case 'word':
      literalPieces(source, node.startIndex, node.endIndex, 'unquoted', out);
      break;
    case 'raw_string':
      if (node.endIndex - node.startIndex >= 2) out.push(exact(source, node.startIndex + 1, node.endIndex - 1));
      break;
    case 'number':
    case 'regex':
      out.push(exact(source, node.startIndex, node.endIndex));
      break;
    case 'simple_expansion':
    case 'expansion':
      out.push(...expansion(node, scope, source, depth + 1));
      break;
    case 'command_substitution': {
      const heredoc = catHeredoc(node);
      if (heredoc) heredocPieces(heredoc, scope, source, out, depth + 1);
      else out.push(template('command', node.startIndex, node.endIndex));
      break;
    }
    case 'string':
    case 'concatenation': {
      const quoted = node.type === 'string';
      let cursor = node.startIndex + (quoted ? 1 : 0);
      const end = node.endIndex - (quoted ? 1 : 0);
      for (const child of node.namedChildren) {
        if (!child) continue;
        // Text between the parts (spaces, punctuation) is literal.
        literalPieces(source, cursor, child.startIndex, quoted ? 'double' : 'unquoted', out);
        if (child.type === 'string_content') literalPieces(source, child.startIndex, child.endIndex, quoted ? 'double' : 'unquoted', out);
        else piecesOf(child, scope, source, out, depth + 1);
        cursor = child.endIndex;
      }
      literalPieces(source, cursor, Math.max(cursor, end), quoted ? 'double' : 'unquoted', out);
      break;
    }
    default:
      out.push(template('value', node.startIndex, node.endIndex));
  }
  return out;
}

/** `$(cat <<EOF … EOF)`: the heredoc, when the substitution is only that. */
export function catHeredoc(substitution: SyntaxNode): SyntaxNode | undefined {
  const statements = substitution.namedChildren.filter((c) => c !== null && c.type !== 'comment');
  const statement = statements.length === 1 ? statements[0] : undefined;
  if (statement?.type !== 'redirected_statement') return undefined;
  const command = statement.childForFieldName('body');
  if (command?.type !== 'command' || command.childForFieldName('name')?.text !== 'cat' || command.childrenForFieldName('argument').length > 0) return undefined;
  const redirects = statement.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type === 'heredoc_redirect');
  return redirects.length === 1 && !redirects[0].namedChildren.some((c) => c?.type === 'file_redirect') ? redirects[0] : undefined;
}

/** A heredoc's body as pieces: verbatim under a quoted delimiter (`'EOF'`, `"EOF"`, `\EOF`), else expanded. Undefined when unterminated. */
export function heredocPieces(redirect: SyntaxNode, scope: Scope, source: string, out: Piece[] = [], depth = 0): Piece[] | undefined {
  const children = redirect.namedChildren.filter((c): c is SyntaxNode => c !== null);
  const start = children.find((c) => c.type === 'heredoc_start');
  const body = children.find((c) => c.type === 'heredoc_body');
  const end = children.find((c) => c.type === 'heredoc_end');
  if (!start || !end || end.startIndex === end.endIndex) return undefined;
  const from = body?.startIndex ?? end.startIndex;
  const to = body?.endIndex ?? end.startIndex;
  if (/['"\\]/.test(start.text)) {
    if (to > from) out.push(exact(source, from, to));
    return out;
  }
  let cursor = from;
  for (const child of body?.namedChildren ?? []) {
    if (!child) continue;
    literalPieces(source, cursor, child.startIndex, 'heredoc', out);
    if (child.type === 'heredoc_content') literalPieces(source, child.startIndex, child.endIndex, 'heredoc', out);
    else piecesOf(child, scope, source, out, depth + 1);
    cursor = child.endIndex;
  }
  literalPieces(source, cursor, Math.max(cursor, to), 'heredoc', out);
  return out;
}

/** `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME#pattern}`…: the assigned value, else a template. */
function expansion(node: SyntaxNode, scope: Scope, source: string, depth: number): Piece[] {
  const children = node.children.filter((c): c is SyntaxNode => c !== null);
  const nameNode = children.find((c) => c.type === 'variable_name');
  const name = nameNode?.text ?? 'value';
  const variable = nameNode ? scope.get(name) : undefined;
  const span = { start: node.startIndex, end: node.endIndex };
  const value = (text: string): Piece[] => [{ text, ...span, kind: 'value' }];
  const unknown = [template(name, span.start, span.end)];
  // Assigned from what only the shell knows (`X=$(…)`, a loop): unknown, whatever the default says.
  if (!nameNode || (variable === undefined && scope.has(name))) return unknown;
  const after = children.slice(children.indexOf(nameNode) + 1).filter((c) => c.type !== '}');
  if (after.length === 0) {
    if (children[1]?.type === '#') return variable ? value(String(variable.text.length)) : unknown; // ${#NAME}
    if (variable?.pieces) return [...variable.pieces];
    return variable ? value(variable.text) : unknown;
  }
  const operator = after[0].isNamed ? undefined : after[0].type;
  const argument = joined(after.slice(1).flatMap((c) => piecesOf(c, scope, source, [], depth + 1))).value;
  switch (operator) {
    case ':-':
    case '-':
      if (variable && (operator === '-' || variable.text !== '')) return value(variable.text);
      return argument === undefined ? unknown : value(argument);
    case '#':
    case '##':
    case '%':
    case '%%':
      if (!variable || argument === undefined || variable.text.length > 1024) return unknown;
      return value(trimmed(variable.text, argument, operator));
    default:
      return unknown;
  }
}

/** `${V#p}`, `${V##p}`, `${V%p}`, `${V%%p}`: the shortest or longest prefix or suffix matching a glob removed. */
function trimmed(text: string, glob: string, operator: string): string {
  const pattern = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[\\s\\S]*')
    .replace(/\?/g, '[\\s\\S]');
  const lengths = [...Array(text.length + 1).keys()];
  if (operator === '##' || operator === '%%') lengths.reverse();
  const whole = new RegExp(`^(?:${pattern})$`);
  for (const n of lengths) {
    if (operator.startsWith('#') ? whole.test(text.slice(0, n)) : whole.test(text.slice(text.length - n))) {
      return operator.startsWith('#') ? text.slice(n) : text.slice(0, text.length - n);
    }
  }
  return text;
}
