import { findNodeAtOffset } from 'jsonc-parser';
import { Document, isMap, isScalar, isSeq, Scalar } from 'yaml';
import { isJsonLanguage, isYamlLanguage } from '../../parse/document';
import { JsonNode } from '../../parse/json';
import { conditionsOf } from '../../parse/policy';
import { PolicyKind } from '../../parse/policyKind';
import { OffsetRange, rangeOf } from '../../parse/range';
import { entries, entry, nodeRange, stringValue, YamlEntry, YamlNode } from '../../parse/yaml';
import { AuthoringContext } from '../context';
import { policyCursorAt } from '../cursor/policyCursor';

/** The places snippets go, one file of `snippets/` each. */
export type SnippetPlaceKind = 'policy' | 'statement' | 'condition' | 'manifest' | 'eksctl-service-account' | 'eksctl-pod-identity';

export interface OffsetEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

/** Where a snippet may go at the cursor, and how it goes in. */
export interface SnippetPlace {
  readonly kind: SnippetPlaceKind;
  /** What the snippet replaces: what is being typed at the cursor (a word, a JSON string, YAML's `- word`), on the cursor's line. */
  readonly replace: OffsetRange;
  /** The typed text in `replace` before the word the prefix is matched with: an opening quote, YAML's `- `. */
  readonly lead: string;
  /** Appended to the snippet: the comma before the member after it. */
  readonly after: string;
  /** Edits elsewhere: the comma after the member before it; the braces of the empty object a whole policy replaces. */
  readonly edits: readonly OffsetEdit[];
  /** Condition snippets in a statement that has no `Condition` yet: they go in wrapped as its `Condition`. */
  readonly asConditionElement?: boolean;
  /** Statements: the policy's kind once it has statements (a trust policy gets trust statements only). */
  readonly policyKind?: PolicyKind;
  /** Conditions: the operators the `Condition` has already (another block of one would repeat a key). */
  readonly operators?: readonly string[];
}

/** The place at `offset` that snippets fit, if any: read from the parsed document, never from the raw lines. */
export function snippetPlaceAt(context: AuthoringContext, offset: number): SnippetPlace | undefined {
  const { languageId } = context.document;
  if (isJsonLanguage(languageId)) return wholePolicyPlace(context, offset) ?? policyPlace(context, offset);
  if (isYamlLanguage(languageId)) return yamlPlace(context, offset);
  return undefined;
}

// JSON

function jsonRoot(context: AuthoringContext): JsonNode | undefined {
  const parsed = context.parsed;
  return parsed.kind === 'policy' ? parsed.json.root : parsed.kind === 'other' ? parsed.json?.root : undefined;
}

/** An empty JSON document, or one whose only content is what is being typed (maybe inside `{}`): a whole policy goes there. */
function wholePolicyPlace(context: AuthoringContext, offset: number): SnippetPlace | undefined {
  const text = context.document.getText();
  const root = jsonRoot(context);
  const token = jsonToken(text, root, offset);
  const place = (edits: OffsetEdit[]): SnippetPlace => ({ kind: 'policy', replace: token.range, lead: token.lead, after: '', edits });
  const outside = (start: number, end: number) => text.slice(0, start).trim() === '' && text.slice(end).trim() === '';
  if (!root || (root.offset === token.range.start && root.length === token.range.end - token.range.start))
    return outside(token.range.start, token.range.end) ? place([]) : undefined;
  const end = root.offset + root.length;
  if (root.type !== 'object' || !outside(root.offset, end) || !(root.children ?? []).every((member) => isBeingTyped(member, token.range))) return undefined;
  const edits: OffsetEdit[] = [];
  if (root.offset < token.range.start) edits.push({ range: { start: root.offset, end: root.offset + 1 }, newText: '' });
  if (text[end - 1] === '}' && end - 1 >= token.range.end) edits.push({ range: { start: end - 1, end }, newText: '' });
  return place(edits);
}

/** A member that is only the key being typed, without a value. */
function isBeingTyped(member: JsonNode, token: OffsetRange): boolean {
  const [key, value] = member.children ?? [];
  return !value && (!key || (key.offset === token.start && key.offset + key.length === token.end));
}

/** Inside a policy file: a `Statement` array takes statements; a `Condition` (or a statement without one) takes conditions. */
function policyPlace(context: AuthoringContext, offset: number): SnippetPlace | undefined {
  const cursor = policyCursorAt(context, offset);
  if (!cursor?.json) return undefined;
  const text = context.document.getText();
  const token = jsonToken(text, jsonRoot(context), offset);
  const at = (kind: SnippetPlaceKind, container: JsonNode | undefined, extra: Partial<SnippetPlace> = {}): SnippetPlace => ({
    kind,
    replace: token.range,
    lead: token.lead,
    ...separators(text, container, token.range),
    ...extra,
  });
  const statement = cursor.statement;
  switch (cursor.place.kind) {
    case 'statement-slot': {
      const hasStatements = cursor.policy.statements.some((s) => s.node.type === 'object' && !overlaps(rangeOf(s.node), token.range));
      return at('statement', cursor.policy.element.Statement?.valueNode, { policyKind: hasStatements ? context.policyKind : undefined });
    }
    case 'condition-operator': {
      const blocks = conditionsOf(statement?.element.Condition).filter((block) => !overlaps(rangeOf(block.node), token.range));
      return at('condition', statement?.element.Condition?.valueNode, { operators: blocks.map((block) => block.key) });
    }
    case 'statement-key':
      return statement && !statement.element.Condition ? at('condition', statement.node, { asConditionElement: true, operators: [] }) : undefined;
    default:
      return undefined;
  }
}

interface Token {
  readonly range: OffsetRange;
  readonly lead: string;
}

/** What is being typed at the cursor: the JSON string it is in (quotes included), else the word. */
function jsonToken(text: string, root: JsonNode | undefined, offset: number): Token {
  const node = root ? findNodeAtOffset(root, offset, true) : undefined;
  if (node?.type === 'string' && node.offset < offset && !text.slice(node.offset, node.offset + node.length).includes('\n'))
    return { range: rangeOf(node), lead: '"' };
  return { range: wordAt(text, offset), lead: '' };
}

/** The comma a new member needs after the member before it, and before the member after it (the tree has no commas). */
function separators(text: string, container: JsonNode | undefined, token: OffsetRange): Pick<SnippetPlace, 'after' | 'edits'> {
  const members = (container?.children ?? []).map(rangeOf).filter((member) => !overlaps(member, token));
  const previous = members.filter((member) => member.end <= token.start).pop();
  const next = members.find((member) => member.start >= token.end);
  const edits = previous && !text.slice(previous.end, token.start).includes(',') ? [{ range: { start: previous.end, end: previous.end }, newText: ',' }] : [];
  return { after: next && !text.slice(token.end, next.start).includes(',') ? ',' : '', edits };
}

// YAML

const EKSCTL_LISTS: Record<string, SnippetPlaceKind> = { serviceAccounts: 'eksctl-service-account', podIdentityAssociations: 'eksctl-pod-identity' };

/** The start of an empty YAML document takes a manifest; an item of eksctl's `iam.serviceAccounts` or `iam.podIdentityAssociations`, an entry. */
function yamlPlace(context: AuthoringContext, offset: number): SnippetPlace | undefined {
  const parsed = context.parsed;
  const yaml = parsed.kind === 'kubernetes' ? parsed.yaml : parsed.kind === 'other' ? parsed.yaml : undefined;
  if (!yaml) return undefined;
  const text = context.document.getText();
  const word = wordAt(text, offset);
  const lineStart = text.lastIndexOf('\n', word.start - 1) + 1;
  const indentation = text.slice(lineStart, word.start);
  // The documents are in order: the cursor is in the last one that starts before it.
  let documentIndex = -1;
  while (documentIndex + 1 < yaml.documents.length && yaml.documents[documentIndex + 1].range[0] <= offset) documentIndex++;
  const document = yaml.documents[documentIndex];
  if (indentation === '' && (!document || isEmptyDocument(document, word))) return { kind: 'manifest', replace: word, lead: '', after: '', edits: [] };
  const limit = yaml.documents[documentIndex + 1]?.range[0] ?? text.length;
  return document ? eksctlPlace(document, text, word, lineStart, limit) : undefined;
}

/** No content, or only the word being typed. */
function isEmptyDocument(document: Document.Parsed, word: OffsetRange): boolean {
  const contents = document.contents as YamlNode | null;
  if (!contents) return true;
  if (!isScalar(contents)) return false;
  const range = nodeRange(contents);
  return (contents as Scalar).value === null || (range.start === word.start && range.end === word.end);
}

function eksctlPlace(document: Document.Parsed, text: string, word: OffsetRange, lineStart: number, documentEnd: number): SnippetPlace | undefined {
  const root = document.contents as YamlNode | null;
  if (!stringValue(entry(root, 'apiVersion')?.valueNode)?.startsWith('eksctl.io/') || stringValue(entry(root, 'kind')?.valueNode) !== 'ClusterConfig')
    return undefined;
  const top = entries(root);
  const iamIndex = top.findIndex((e) => e.key === 'iam');
  const iam = top[iamIndex]?.valueNode;
  if (!isMap(iam)) return undefined;
  const lists = entries(iam);
  // What is typed on the line before the word: indentation, and the item's dash if typed.
  const before = text.slice(lineStart, word.start);
  const dash = before.trimStart() === '- ' ? lineStart + before.indexOf('-') : undefined;
  if (before.trim() !== '' && dash === undefined) return undefined;
  const column = (dash ?? word.start) - lineStart;
  for (const [i, list] of lists.entries()) {
    const kind = EKSCTL_LISTS[list.key];
    if (!kind) continue;
    const next = lists[i + 1]?.keyNode ?? top[iamIndex + 1]?.keyNode;
    const end = next ? nodeRange(next).start : documentEnd;
    const keyEnd = nodeRange(list.keyNode).end;
    if (word.start < keyEnd || word.end > end || !text.slice(keyEnd, lineStart).includes('\n')) continue;
    if (!itemFits(list, text, word, column)) return undefined;
    return { kind, replace: { start: dash ?? word.start, end: word.end }, lead: dash === undefined ? '' : text.slice(dash, word.start), after: '', edits: [] };
  }
  return undefined;
}

/** A new item of the list goes at its items' column, or under its key while it has no items. */
function itemFits(list: YamlEntry, text: string, word: OffsetRange, column: number): boolean {
  const value = list.valueNode;
  const keyStart = nodeRange(list.keyNode).start;
  const keyColumn = keyStart - (text.lastIndexOf('\n', keyStart - 1) + 1);
  if (isSeq(value)) {
    const start = nodeRange(value).start;
    return !(value.flow ?? false) && column === start - (text.lastIndexOf('\n', start - 1) + 1);
  }
  if (value && !(isScalar(value) && (value.value === null || overlaps(nodeRange(value), word)))) return false;
  return column >= keyColumn;
}

// Both

/** The word at the cursor (letters, digits, `_`, `-`, `.`): what a snippet prefix is matched with. */
function wordAt(text: string, offset: number): OffsetRange {
  const isWord = (ch: string | undefined) => ch !== undefined && /[\w.-]/.test(ch);
  let start = offset;
  let end = offset;
  while (isWord(text[start - 1])) start--;
  while (isWord(text[end])) end++;
  return { start, end };
}

function overlaps(a: OffsetRange, b: OffsetRange): boolean {
  return a.start < b.end && b.start < a.end;
}
