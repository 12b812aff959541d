import { createScanner, SyntaxKind } from 'jsonc-parser';
import { CompletionItem, CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import { AuthoringContext } from '../context';
import { PolicyCursor } from '../cursor/policyCursor';
import { snippetDefaultText } from '../snippets/text';

/** What a policy completion item is, in `data.iamIrsa`: resolve fills in the documentation of actions and keys. */
export type PolicyItemTag =
  | 'version'
  | 'policy-key'
  | 'statement-key'
  | 'effect'
  | 'service'
  | 'action'
  | 'action-wildcard'
  | 'operator'
  | 'condition-key'
  | 'condition-value'
  | 'resource'
  | 'principal-type'
  | 'principal';

export interface PolicyItemData {
  readonly iamIrsa: PolicyItemTag;
  readonly service?: string;
  readonly action?: string;
  readonly key?: string;
}

/** One thing to offer at the cursor, before it knows where it goes (built once, cached where the list is big). */
export interface Candidate {
  readonly label: string;
  /** The text inserted: plain text, or snippet syntax when `snippet` is set. */
  readonly value: string;
  readonly snippet?: boolean;
  /** What the editor matches the typed text against; by default the value without snippet syntax. */
  readonly filterText?: string;
  readonly kind: CompletionItemKind;
  readonly detail?: string;
  /** Shown right of the label in the list. */
  readonly description?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Orders the list: compared as text. */
  readonly sort: string;
  readonly data: PolicyItemData;
  /** Opens the suggestions again after insertion (a service prefix, a key whose value has suggestions). */
  readonly retrigger?: boolean;
  readonly deprecated?: boolean;
  /** JSON inserted as it is, outside a string (a whole `Principal` object). */
  readonly raw?: boolean;
  /** For keys inserted outside a string: the member's value as a snippet (`"$0"` by default, after the key's own tab stops). */
  readonly member?: string;
}

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** The characters snippet syntax gives a meaning to, escaped so that they are inserted as typed. */
export function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/**
 * The items of `candidates` at the cursor: bare text replacing the string's content when the cursor
 * is in a string, else a JSON string (a key with its `: value` as a snippet) at the cursor.
 */
export function itemsAt(context: AuthoringContext, cursor: PolicyCursor, candidates: readonly Candidate[], asKeys: boolean): CompletionItem[] {
  const { document } = context;
  const text = document.getText();
  let { start, end } = cursor.replace;
  let quote = !cursor.inString && cursor.json;
  // A JSON key typed without its colon yet (`{"Ver|"}`) is replaced whole, quotes included, by the member.
  if (asKeys && cursor.json && cursor.inString && nextToken(text, end + (text[end] === '"' ? 1 : 0)) !== SyntaxKind.ColonToken) {
    quote = true;
    start -= 1;
    if (text[end] === '"') end += 1;
  }
  const range = { start: document.positionAt(start), end: document.positionAt(end) };
  const separator = quote && startsMember(nextToken(text, end)) ? ',' : '';
  const plainScalar = !cursor.json && !isQuote(text[cursor.replace.start - 1]);
  return candidates.map((candidate) => {
    const plain = candidate.snippet ? snippetDefaultText(candidate.value) : candidate.value;
    let newText = candidate.value;
    let snippet = candidate.snippet ?? false;
    if (quote && candidate.raw) {
      newText = candidate.value + separator;
    } else if (quote) {
      const body = (candidate.snippet ? candidate.value : snippetText(candidate.value)).replace(/"/g, '\\"');
      // A value that asks for more suggestions (`s3:`) leaves the cursor inside its quotes.
      const finalStop = candidate.retrigger && !asKeys ? '$0' : '';
      newText = asKeys ? `"${body}": ${candidate.member ?? '"$0"'}${separator}` : `"${body}${finalStop}"${separator}`;
      snippet = true;
    } else if (plainScalar && YAML_INDICATOR.test(plain)) {
      // `*` or `!…` as a plain YAML scalar is an alias or a tag: quote it.
      newText = `'${candidate.value}'`;
    }
    const item: CompletionItem = {
      label: candidate.label,
      kind: candidate.kind,
      sortText: candidate.sort,
      filterText: quote ? `"${candidate.filterText ?? plain}"` : (candidate.filterText ?? plain),
      textEdit: { range, newText },
      data: candidate.data,
    };
    if (snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    if (candidate.detail) item.detail = candidate.detail;
    if (candidate.description) item.labelDetails = { description: candidate.description };
    if (candidate.documentation) item.documentation = { kind: MarkupKind.Markdown, value: candidate.documentation };
    if (candidate.deprecated) item.tags = [CompletionItemTag.Deprecated];
    if (candidate.retrigger || (asKeys && quote && candidate.member === undefined)) item.command = RETRIGGER;
    return item;
  });
}

/** Characters that cannot start a plain YAML scalar. */
const YAML_INDICATOR = /^[*&!%@`|>{[]/;

function isQuote(char: string | undefined): boolean {
  return char === '"' || char === "'";
}

function nextToken(text: string, offset: number): SyntaxKind {
  const scanner = createScanner(text, true);
  scanner.setPosition(offset);
  return scanner.scan();
}

/** Whether a token begins another member or item, so that an insertion before it needs a comma after it. */
function startsMember(token: SyntaxKind): boolean {
  return (
    token === SyntaxKind.StringLiteral || token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken || token === SyntaxKind.NumericLiteral
  );
}

/** `sortText` of the `index`th item of a group: groups first, then their order. */
export function sortKey(group: number, index: number | string): string {
  return `${group}${typeof index === 'number' ? String(index).padStart(4, '0') : index}`;
}
