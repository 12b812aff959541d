import { SyntaxNode } from '../../parse/treeSitter';
import { ShellDocument } from './shellDocuments';
import { catHeredoc, heredocPieces, joined, Piece, piecesOf, Scope, word, Word, wordOf } from './shellWords';
import { resolveReference } from './source';

/** Options that take no value (besides every `--no-…` switch), so that `aws --debug iam …` keeps its service. */
const FLAGS = new Set([
  'debug',
  'cli-auto-prompt',
  'disable-session-tags',
  'approve',
  'role-only',
  'override-existing-serviceaccounts',
  'create-service-account',
  'dry-run',
]);

function isFlag(name: string): boolean {
  return FLAGS.has(name) || name.startsWith('no-');
}

/** An `aws` or `eksctl` command line, with what the script had written to files before it. */
export interface Invocation {
  readonly program: 'aws' | 'eksctl';
  /** The words before the options' values: `iam create-role`, `create iamserviceaccount`. */
  readonly positional: readonly (string | undefined)[];
  /** Each option's last value. */
  readonly options: ReadonlyMap<string, Word>;
  /** Each option's values, for the repeatable ones (`--attach-policy-arn a --attach-policy-arn b`). */
  readonly lists: ReadonlyMap<string, readonly Word[]>;
  /** Switches given without a value (`--approve`, `--role-only`). */
  readonly flags: ReadonlySet<string>;
  readonly range: { readonly start: number; readonly end: number };
  /** What the script wrote to a file before this command: its document, null when the content is unknown, undefined when the script did not write it. */
  readonly written: (uri: string) => ShellDocument | null | undefined;
}

/**
 * The `aws` and `eksctl` commands of a script in document order, reading on the way what the shell
 * knows statically: variables assigned a literal (`ROLE=x`, `export`, `readonly`, `unset`) and the
 * files it writes (`cat <<EOF > f`, `tee f <<EOF`, `echo '…' > f`, `printf '%s' '…' > f`).
 */
export function shellInvocations(root: SyntaxNode, source: string, uri: string): Invocation[] {
  const scope: Scope = new Map();
  const writes = new Map<string, { seq: number; document: ShellDocument | null }[]>();
  const invocations: Invocation[] = [];
  let seq = 0;
  const written = (at: number) => (target: string) => {
    const list = writes.get(target) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i].seq < at) return list[i].document;
    return undefined;
  };
  const write = (target: Word | undefined, document: ShellDocument | null) => {
    if (target?.value === undefined || target.value === '/dev/null' || target.value.startsWith('&')) return;
    const key = resolveReference(uri, target.value);
    const list = writes.get(key) ?? [];
    list.push({ seq: ++seq, document });
    writes.set(key, list);
  };
  // In document order, without recursion: `$( $( $( …` nests the tree as deep as the text goes.
  const pending: SyntaxNode[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    switch (node.type) {
      case 'variable_assignment':
        assign(node, scope, source);
        break;
      case 'unset_command':
        for (const name of node.namedChildren) if (name) scope.delete(name.text);
        break;
      case 'for_statement': {
        const name = node.childForFieldName('variable')?.text;
        if (name) scope.set(name, undefined);
        break;
      }
      case 'redirected_statement':
        for (const [target, document] of fileWrites(node, scope, source)) write(target, document);
        break;
      case 'command': {
        const invocation = invocationOf(node, scope, source);
        if (invocation) invocations.push({ ...invocation, written: written(++seq) });
        break;
      }
    }
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) pending.push(child);
    }
  }
  return invocations;
}

function assign(node: SyntaxNode, scope: Scope, source: string): void {
  const name = node.childForFieldName('name')?.text;
  const value = node.childForFieldName('value');
  if (!name) return;
  if (!value) return void scope.set(name, { text: '' });
  const pieces = piecesOf(value, scope, source);
  const { value: text, partial } = joined(pieces);
  // A document (a heredoc, or JSON in quotes) keeps its pieces: a policy read through the variable is checked where it is written.
  const document = (value.type === 'command_substitution' && catHeredoc(value) !== undefined) || partial.trimStart().startsWith('{');
  if (document) scope.set(name, { text: partial, pieces });
  else scope.set(name, text === undefined ? undefined : { text });
}

/** The files a statement writes: the document for `cat`/`tee` of a heredoc and `echo`/`printf` of a value; null for anything else. */
function fileWrites(statement: SyntaxNode, scope: Scope, source: string): [Word | undefined, ShellDocument | null][] {
  const redirects = statement.namedChildren.filter((c): c is SyntaxNode => c !== null && (c.type === 'heredoc_redirect' || c.type === 'file_redirect'));
  const heredoc = redirects.find((r) => r.type === 'heredoc_redirect');
  const files = [...redirects, ...(heredoc?.namedChildren ?? [])].filter((c): c is SyntaxNode => c?.type === 'file_redirect');
  const command = statement.childForFieldName('body');
  const name = command?.type === 'command' ? command.childForFieldName('name')?.text : undefined;
  const args = command?.type === 'command' ? command.childrenForFieldName('argument').filter((a): a is SyntaxNode => a !== null) : [];
  const values = args.map((a) => wordOf(a, scope, source));
  let document: ShellDocument | null = null;
  const result: [Word | undefined, ShellDocument | null][] = [];
  if (heredoc && (name === 'cat' || name === 'tee')) {
    const pieces = heredocPieces(heredoc, scope, source);
    document = pieces ? { pieces, range: { start: heredoc.startIndex, end: heredoc.endIndex } } : null;
    // `tee f.json <<EOF` writes its files; `tee -a` appends.
    const append = values.some((x) => x.value === '-a' || x.value === '--append');
    if (name === 'tee') for (const v of values) if (!v.partial.startsWith('-')) result.push([v, append ? null : document]);
  } else if (name === 'echo' || name === 'printf') {
    const printed = printedWord(name, values);
    if (printed) document = { pieces: printed.pieces, range: printed.content };
  }
  for (const file of files) {
    const operator = file.children.find((c) => c !== null && !c.isNamed)?.type;
    const target = file.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'file_descriptor').pop();
    if (operator !== '>' && operator !== '>|' && operator !== '>>') continue;
    result.push([target ? wordOf(target, scope, source) : undefined, operator === '>>' || (name === 'tee' && heredoc) ? null : document]);
  }
  return result;
}

/** What `echo '…'` and `printf '%s' '…'` print, when it is one value written as is. */
function printedWord(name: string, values: Word[]): Word | undefined {
  const args = name === 'echo' && values[0]?.value === '-n' ? values.slice(1) : values;
  if (name === 'echo') return args.length === 1 && !args[0].value?.startsWith('-') ? args[0] : undefined;
  const [format, value] = args;
  if (args.length === 2 && (format.value === '%s' || format.value === '%s\\n')) return value;
  return args.length === 1 && format.value !== undefined && !/[%\\]/.test(format.value) ? format : undefined;
}

function invocationOf(command: SyntaxNode, scope: Scope, source: string): Omit<Invocation, 'written'> | undefined {
  const name = command.childForFieldName('name')?.text;
  const program = name === 'aws' || name?.endsWith('/aws') ? 'aws' : name === 'eksctl' || name?.endsWith('/eksctl') ? 'eksctl' : undefined;
  if (!program) return undefined;
  const nodes = command.childrenForFieldName('argument').filter((a): a is SyntaxNode => a !== null);
  const args = nodes.map((a) => wordOf(a, scope, source));
  const positional: (string | undefined)[] = [];
  const options = new Map<string, Word>();
  const lists = new Map<string, Word[]>();
  const flags = new Set<string>();
  const set = (name: string, value: Word) => {
    options.set(name, value);
    lists.set(name, [...(lists.get(name) ?? []), value]);
  };
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value ?? args[i].partial;
    if (value.startsWith('--')) {
      const equals = value.indexOf('=');
      if (equals > 0) {
        set(value.slice(2, equals), assignedValue(nodes[i], args[i], equals, scope, source));
      } else if (i + 1 < args.length && !isFlag(value.slice(2)) && !args[i + 1].partial.startsWith('--')) {
        set(value.slice(2), args[++i]);
      } else {
        flags.add(value.slice(2));
      }
    } else {
      positional.push(args[i].value);
    }
  }
  if (positional.length < 2) return undefined;
  return { program, positional, options, lists, flags, range: { start: command.startIndex, end: command.endIndex } };
}

/** The value of `--name=value`: the quoted part when it is one (`--name='…'`), else the rest of the word. */
function assignedValue(node: SyntaxNode, whole: Word, equals: number, scope: Scope, source: string): Word {
  const parts = node.type === 'concatenation' ? node.namedChildren.filter((c): c is SyntaxNode => c !== null) : [];
  if (parts.length === 2 && parts[0].type === 'word' && parts[0].text === whole.partial.slice(0, equals + 1)) return wordOf(parts[1], scope, source);
  const start = node.startIndex + equals + 1;
  return word(withoutPrefix(whole.pieces, equals + 1), { start, end: node.endIndex }, { start, end: node.endIndex });
}

/** The pieces without their first `n` characters (`--name=`, written as is). */
function withoutPrefix(pieces: readonly Piece[], n: number): Piece[] {
  const result: Piece[] = [];
  let left = n;
  for (const piece of pieces) {
    if (left <= 0) result.push(piece);
    else if (piece.text.length <= left) left -= piece.text.length;
    else {
      const exact = piece.kind === 'exact' || piece.kind === 'escaped';
      result.push({ ...piece, text: piece.text.slice(left), start: exact ? piece.start + left : piece.start });
      left = 0;
    }
  }
  return result;
}
