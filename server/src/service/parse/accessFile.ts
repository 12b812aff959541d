import { isMap, isScalar, isSeq, Node as YamlNode, Scalar, YAMLSeq } from 'yaml';
import { OffsetRange } from './range';
import { entries, nodeRange, ParsedYaml } from './yaml';

/**
 * Access assertions (`iam-irsa.access.yaml`): a list of expectations a CI run checks against the
 * workspace's permission model, e.g.
 *
 *   - serviceAccount: carts/carts
 *     can: dynamodb:GetItem
 *     on: arn:aws:dynamodb:us-east-1:111122223333:table/carts
 *   - serviceAccount: payments/*
 *     cannot: iam:*
 *
 * Recognized by name, not content (docs/access-assertions.md): a broken file must still be reported.
 */
const ACCESS_FILE = /(^|[/\\])(iam-irsa\.access|[^/\\]+\.access)\.ya?ml$/i;

/** Whether the file at `uri` (or path) is an access assertions file: `iam-irsa.access.yaml`, `*.access.yaml` (or `.yml`). */
export function isAccessFile(uri: string): boolean {
  return ACCESS_FILE.test(uri);
}

/** A string as written, with its range. */
export interface Written {
  readonly value: string;
  readonly range: OffsetRange;
}

export interface AccessExpectation {
  /** The whole list item. */
  readonly range: OffsetRange;
  /** `NAMESPACE/NAME` as written; `*` and `?` are wildcards in either part. */
  readonly serviceAccount: Written;
  readonly namespace: string;
  readonly name: string;
  /** `can`: every action named is allowed; `cannot`: none is allowed, in any context. */
  readonly expect: 'can' | 'cannot';
  /** Action patterns (`s3:GetObject`, `iam:*`). */
  readonly actions: readonly Written[];
  /** Resource ARNs or patterns; empty when `on` is not given (then `*`). */
  readonly resources: readonly Written[];
  /** Request context keys known for the question; the other keys are unknown. */
  readonly context: Readonly<Record<string, string | string[]>>;
}

export interface AccessFileProblem extends OffsetRange {
  readonly message: string;
}

export interface AccessFile {
  readonly expectations: readonly AccessExpectation[];
  readonly problems: readonly AccessFileProblem[];
}

const KEYS = ['serviceAccount', 'can', 'cannot', 'on', 'context', 'description'];
const NAME_PART = /^[a-z0-9*?]([-a-z0-9.*?]*[a-z0-9*?])?$/;
const ACTION = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/;

/** Reads the expectations of a parsed access file; whatever does not fit the format is a problem at its place. */
export function readAccessFile(yaml: ParsedYaml): AccessFile {
  const problems: AccessFileProblem[] = yaml.errors.map((e) => ({ start: e.start, end: e.end, message: `not valid YAML: ${e.message}` }));
  const expectations: AccessExpectation[] = [];
  const problem = (node: YamlNode, message: string) => problems.push({ ...nodeRange(node), message });
  for (const document of yaml.documents) {
    const root = document.contents as YamlNode | null;
    if (root === null || (isScalar(root) && (root as Scalar).value === null)) continue;
    if (!isSeq(root)) {
      problem(root, 'an access file is a list of expectations (- serviceAccount: NAMESPACE/NAME, can: or cannot: ACTION)');
      continue;
    }
    for (const item of (root as YAMLSeq<unknown>).items) {
      const expectation = readExpectation(item as YamlNode, problem);
      if (expectation) expectations.push(expectation);
    }
  }
  return { expectations, problems };
}

type Report = (node: YamlNode, message: string) => void;

function readExpectation(item: YamlNode, problem: Report): AccessExpectation | undefined {
  if (!isMap(item)) {
    problem(item, 'an expectation is a mapping: serviceAccount, can or cannot, and optionally on and context');
    return undefined;
  }
  const byKey = new Map<string, { keyNode: YamlNode; valueNode: YamlNode | null }>();
  for (const entry of entries(item)) {
    if (!KEYS.includes(entry.key)) problem(entry.keyNode, `"${entry.key}" is not a key of an expectation (${KEYS.join(', ')})`);
    else byKey.set(entry.key, entry);
  }
  let valid = true;
  const fail = (node: YamlNode, message: string) => {
    problem(node, message);
    valid = false;
  };

  const account = byKey.get('serviceAccount');
  const accountText = account?.valueNode ? scalarText(account.valueNode) : undefined;
  const parts = accountText?.split('/') ?? [];
  if (!account) fail(item, 'the expectation has no serviceAccount: NAMESPACE/NAME (wildcards * and ? allowed)');
  else if (parts.length !== 2 || !parts.every((p) => NAME_PART.test(p)))
    fail(account.valueNode ?? account.keyNode, `serviceAccount must be NAMESPACE/NAME, each lower-case letters, digits, "-", "." or the wildcards * and ?`);

  const can = byKey.get('can');
  const cannot = byKey.get('cannot');
  if (can && cannot) fail(cannot.keyNode, 'an expectation says can or cannot, not both: write two expectations');
  else if (!can && !cannot) fail(item, 'the expectation has neither can: nor cannot: (an action such as s3:GetObject, or a pattern such as iam:*)');
  const said = can ?? cannot;
  const actions = said ? strings(said, 'action', fail) : [];
  for (const action of actions)
    if (!ACTION.test(action.value)) fail(nodeAt(said!, action), `"${action.value}" is not an action: SERVICE:ACTION, with * and ? as wildcards`);

  const on = byKey.get('on');
  const resources = on ? strings(on, 'resource', fail) : [];
  for (const resource of resources)
    if (resource.value !== '*' && !resource.value.startsWith('arn:')) fail(nodeAt(on!, resource), `"${resource.value}" is not a resource: an ARN (arn:…) or *`);

  const context = byKey.get('context');
  const contextValues = context ? readContext(context, fail) : {};

  if (!valid || !account?.valueNode || !said) return undefined;
  return {
    range: nodeRange(item),
    serviceAccount: { value: accountText!, range: nodeRange(account.valueNode) },
    namespace: parts[0],
    name: parts[1],
    expect: can ? 'can' : 'cannot',
    actions,
    resources,
    context: contextValues,
  };
}

/** A string, or a list of strings, under `key`. */
function strings(entry: { keyNode: YamlNode; valueNode: YamlNode | null }, what: string, fail: Report): Written[] {
  const { keyNode, valueNode } = entry;
  const key = scalarText(keyNode);
  if (!valueNode || (isScalar(valueNode) && (valueNode as Scalar).value === null)) {
    fail(keyNode, `${key} needs a value: one ${what} or a list of them`);
    return [];
  }
  const nodes = isSeq(valueNode) ? ((valueNode as YAMLSeq<unknown>).items as YamlNode[]) : [valueNode];
  const result: Written[] = [];
  for (const node of nodes) {
    const text = scalarText(node);
    if (text === undefined || text === '') fail(node, `${key}: each ${what} is a string`);
    else result.push({ value: text, range: nodeRange(node) });
  }
  if (nodes.length === 0) fail(valueNode, `${key} needs at least one ${what}`);
  return result;
}

function readContext(entry: { keyNode: YamlNode; valueNode: YamlNode | null }, fail: Report): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  if (!isMap(entry.valueNode)) {
    fail(entry.valueNode ?? entry.keyNode, 'context is a mapping of condition keys to a value or a list of values (aws:SourceIp: 10.0.0.1)');
    return context;
  }
  for (const { key, keyNode, valueNode } of entries(entry.valueNode)) {
    const values = isSeq(valueNode) ? ((valueNode as YAMLSeq<unknown>).items as YamlNode[]).map(scalarText) : [valueNode ? scalarText(valueNode) : undefined];
    if (values.some((v) => v === undefined)) fail(valueNode ?? keyNode, `context: the value of ${key} is a string or a list of strings`);
    else context[key] = isSeq(valueNode) ? (values as string[]) : values[0]!;
  }
  return context;
}

/** A scalar's text as YAML wrote it (numbers and booleans as their source text); undefined for collections and null. */
function scalarText(node: YamlNode): string | undefined {
  if (!isScalar(node)) return undefined;
  const scalar = node as Scalar;
  if (scalar.value === null || scalar.value === undefined) return undefined;
  if (typeof scalar.value === 'string') return scalar.value;
  if (typeof scalar.value === 'number' || typeof scalar.value === 'boolean' || typeof scalar.value === 'bigint') return scalar.source ?? String(scalar.value);
  return undefined;
}

/** The node of a written value, to report on it (the entry's value, or one of its items). */
function nodeAt(entry: { keyNode: YamlNode; valueNode: YamlNode | null }, written: Written): YamlNode {
  const { valueNode } = entry;
  const nodes = isSeq(valueNode) ? ((valueNode as YAMLSeq<unknown>).items as YamlNode[]) : [valueNode ?? entry.keyNode];
  return nodes.find((n) => nodeRange(n).start === written.range.start) ?? entry.keyNode;
}
