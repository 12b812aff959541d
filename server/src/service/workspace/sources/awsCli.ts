import { jsonInDocument, jsonInString } from '../../parse/embedded';
import { buildPolicy } from '../../parse/policy';
import { OffsetRange } from '../../parse/range';
import { SyntaxNode } from '../../parse/treeSitter';
import { NO_FACTS, PermissionReference, PolicyFileReference, RoleDefinition, RoleReference, TrustPolicyFacts } from '../facts';
import { trustFactsOf } from '../trustFacts';
import { resolveReference, SourceExtraction, SourceInput, SourcePolicy } from './source';

/** One word of a command line: its value when it is static, and where it is. */
interface Word {
  readonly value: string | undefined;
  readonly range: OffsetRange;
  /** The value's own characters (inside quotes), for policies written inline. */
  readonly content: OffsetRange;
  /** The text at `content` is the value itself (no escapes, no variables, no quotes): ranges in it are exact. */
  readonly verbatim: boolean;
}

/** Options that take no value (besides every `--no-…` switch), so that `aws --debug iam …` keeps its service. */
const FLAGS = new Set(['debug', 'cli-auto-prompt', 'disable-session-tags']);

function isFlag(name: string): boolean {
  return FLAGS.has(name) || name.startsWith('no-');
}

interface Invocation {
  readonly service: string;
  readonly operation: string;
  readonly options: ReadonlyMap<string, Word>;
  readonly node: SyntaxNode;
}

/**
 * Shell scripts that call the AWS CLI: `aws iam create-role`, `update-assume-role-policy`,
 * `put-role-policy`, `attach-role-policy` and `aws eks create-pod-identity-association`, with
 * `file://` documents resolved against the script's folder, as the CLI resolves them from where the
 * script `cd`s (DOMAIN.md's seed runs them next to the policies).
 */
export function extractAwsCli(input: SourceInput): SourceExtraction | undefined {
  if (input.languageId !== 'shellscript' || !/\baws\s/.test(input.text)) return undefined;
  const tree = input.syntaxes.parseShell(input.text);
  if (!tree) return undefined;
  try {
    const invocations = awsInvocations(tree.rootNode, input.text);
    if (invocations.length === 0) return undefined;
    return readInvocations(invocations, input);
  } finally {
    tree.delete(); // tree-sitter trees live in wasm memory, which the GC does not reclaim
  }
}

/** `source` is the text the tree was parsed from: a long node's `text` is a fresh copy each time it is read. */
function awsInvocations(root: SyntaxNode, source: string): Invocation[] {
  const variables = new Map<string, string>();
  const invocations: Invocation[] = [];
  // In document order, without recursion: `$( $( $( …` nests the tree as deep as the text goes.
  const pending: SyntaxNode[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.type === 'variable_assignment') {
      const name = node.childForFieldName('name')?.text;
      const value = node.childForFieldName('value');
      const resolved = value ? wordOf(value, variables, source).value : '';
      if (name) {
        if (resolved === undefined) variables.delete(name);
        else variables.set(name, resolved);
      }
    }
    if (node.type === 'command') {
      const invocation = invocationOf(node, variables, source);
      if (invocation) invocations.push(invocation);
    }
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) pending.push(child);
    }
  }
  return invocations;
}

function invocationOf(command: SyntaxNode, variables: ReadonlyMap<string, string>, source: string): Invocation | undefined {
  const name = command.childForFieldName('name')?.text;
  if (name !== 'aws' && !name?.endsWith('/aws')) return undefined;
  const nodes = command.childrenForFieldName('argument').filter((a): a is SyntaxNode => a !== null);
  const args = nodes.map((a) => wordOf(a, variables, source));
  const positional: Word[] = [];
  const options = new Map<string, Word>();
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value?.startsWith('--')) {
      const equals = value.indexOf('=');
      if (equals > 0) {
        options.set(value.slice(2, equals), assignedValue(nodes[i], value, equals, variables, source));
      } else if (i + 1 < args.length && !isFlag(value.slice(2)) && !args[i + 1].value?.startsWith('--')) {
        options.set(value.slice(2), args[++i]);
      }
    } else {
      positional.push(args[i]);
    }
  }
  const [service, operation] = positional.map((w) => w.value);
  if (!service || !operation) return undefined;
  return { service, operation, options, node: command };
}

/** A word's static value: quotes removed, `$VAR` of an earlier plain assignment substituted; else undefined. */
function wordOf(node: SyntaxNode, variables: ReadonlyMap<string, string>, source: string): Word {
  const range = { start: node.startIndex, end: node.endIndex };
  const quoted = node.type === 'string' || node.type === 'raw_string';
  const content = quoted ? { start: range.start + 1, end: range.end - 1 } : range;
  return word(staticValue(node, variables, source), range, content, source);
}

function word(value: string | undefined, range: OffsetRange, content: OffsetRange, source: string): Word {
  const text = source.slice(content.start, content.end);
  return { value, range, content, verbatim: value !== undefined && text === value };
}

/** The value of `--name=value`: the quoted part when it is one (`--name='…'`), else the rest of the word. */
function assignedValue(node: SyntaxNode, value: string, equals: number, variables: ReadonlyMap<string, string>, source: string): Word {
  const parts = node.type === 'concatenation' ? node.namedChildren.filter((c): c is SyntaxNode => c !== null) : [];
  if (parts.length === 2 && parts[0].type === 'word' && parts[0].text === value.slice(0, equals + 1)) return wordOf(parts[1], variables, source);
  const start = node.startIndex + equals + 1;
  return word(value.slice(equals + 1), { start, end: node.endIndex }, { start, end: node.endIndex }, source);
}

/** Backslash escapes: unquoted, `\x` is `x`; in double quotes only `$`, backquote, `"`, `\` and newline are escaped. */
function unescape(text: string, quoted: boolean): string {
  return text.replace(quoted ? /\\([$`"\\\n])/g : /\\([\s\S])/g, (_, c: string) => (c === '\n' ? '' : c));
}

function staticValue(node: SyntaxNode, variables: ReadonlyMap<string, string>, source: string): string | undefined {
  switch (node.type) {
    case 'word':
      return unescape(node.text, false);
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'number':
      return node.text;
    case 'simple_expansion':
    case 'expansion': {
      const name = node.namedChildren.find((c) => c?.type === 'variable_name')?.text;
      return name !== undefined && node.namedChildren.length === 1 ? variables.get(name) : undefined;
    }
    case 'string':
    case 'concatenation': {
      let value = '';
      let cursor = node.startIndex + (node.type === 'string' ? 1 : 0);
      const end = node.endIndex - (node.type === 'string' ? 1 : 0);
      const quoted = node.type === 'string';
      for (const child of node.namedChildren) {
        if (!child) continue;
        // Text between the string's parts (spaces, punctuation) is literal.
        value += unescape(source.slice(cursor, child.startIndex), quoted);
        const part = child.type === 'string_content' ? unescape(child.text, quoted) : staticValue(child, variables, source);
        if (part === undefined) return undefined;
        value += part;
        cursor = child.endIndex;
      }
      return value + unescape(source.slice(cursor, end), quoted);
    }
    default:
      return undefined;
  }
}

function readInvocations(invocations: readonly Invocation[], input: SourceInput): SourceExtraction {
  const roles = new Map<string, { role: RoleDefinition; permissions: PermissionReference[] }>();
  const references: RoleReference[] = [];
  const policyFiles: PolicyFileReference[] = [];
  const policies: SourcePolicy[] = [];
  const trustPolicies: TrustPolicyFacts[] = [];

  /**
   * A policy document option: `file://` (another file) or the JSON itself, checked in place when the
   * script holds it verbatim (single quotes); else (escapes, variables) only its facts are read.
   */
  const documentOf = (word: Word | undefined, kind: 'trust' | 'identity') => {
    if (!word?.value) return undefined;
    if (word.value.startsWith('file://')) {
      const uri = resolveReference(input.uri, word.value.slice('file://'.length));
      policyFiles.push({ uri, kind, range: word.content });
      return { kind: 'file' as const, uri, range: word.content };
    }
    if (!word.value.trimStart().startsWith('{')) return undefined;
    if (word.verbatim) {
      const embedded = jsonInDocument(input.text, word.content.start, word.content.end);
      if (embedded?.root.type !== 'object') return undefined;
      policies.push({ policy: embedded, kind });
      return { kind: 'embedded' as const, root: embedded.root };
    }
    const root = jsonInString(word.value, word.content);
    return root ? { kind: 'embedded' as const, root } : undefined;
  };

  const roleNamed = (word: Word | undefined) => {
    const name = word?.value;
    if (!name || !word) return undefined;
    let entry = roles.get(name.toLowerCase());
    if (!entry) {
      entry = {
        role: { source: 'aws-cli', name, label: name, path: '/', account: undefined, range: word.content, trust: undefined, permissions: [] },
        permissions: [],
      };
      roles.set(name.toLowerCase(), entry);
    }
    return entry;
  };

  for (const invocation of invocations) {
    const { options } = invocation;
    const key = `${invocation.service} ${invocation.operation}`;
    if (key === 'iam create-role' || key === 'iam update-assume-role-policy') {
      const name = options.get('role-name');
      const entry = roleNamed(name);
      // create-role is the definition: its path, and where go-to-definition lands.
      if (entry && name && key === 'iam create-role') entry.role = { ...entry.role, path: options.get('path')?.value ?? '/', range: name.content };
      const document = documentOf(options.get(key === 'iam create-role' ? 'assume-role-policy-document' : 'policy-document'), 'trust');
      if (!entry || !document) continue;
      let trust: RoleDefinition['trust'];
      if (document.kind === 'file') {
        trust = { kind: 'file', uri: document.uri, range: document.range };
      } else {
        const policy = trustFactsOf(buildPolicy(document.root), input.text);
        trustPolicies.push(policy);
        trust = { kind: 'embedded', policy };
      }
      entry.role = { ...entry.role, trust };
    } else if (key === 'iam put-role-policy') {
      const entry = roleNamed(options.get('role-name'));
      const word = options.get('policy-document');
      const document = documentOf(word, 'identity');
      if (!entry || !word) continue;
      const label = options.get('policy-name')?.value ?? word.value ?? 'inline policy';
      entry.permissions.push({
        kind: document?.kind === 'file' ? 'file' : 'inline',
        label,
        range: word.content,
        ...(document?.kind === 'file' ? { uri: document.uri } : {}),
      });
    } else if (key === 'iam attach-role-policy') {
      const entry = roleNamed(options.get('role-name'));
      const arn = options.get('policy-arn');
      if (entry && arn?.value) entry.permissions.push({ kind: 'managed', label: arn.value, range: arn.content });
    } else if (key === 'eks create-pod-identity-association') {
      const arn = options.get('role-arn');
      const namespace = options.get('namespace')?.value;
      const sa = options.get('service-account');
      if (!arn?.value) continue;
      references.push({
        kind: 'pod-identity',
        arn: arn.value,
        range: arn.content,
        serviceAccount: namespace && sa?.value ? { name: sa.value, namespace, namespaceExplicit: true, range: sa.content } : undefined,
      });
    }
  }
  return {
    source: 'aws-cli',
    facts: { ...NO_FACTS, roles: [...roles.values()].map((e) => ({ ...e.role, permissions: e.permissions })), references, trustPolicies, policyFiles },
    policies,
  };
}
