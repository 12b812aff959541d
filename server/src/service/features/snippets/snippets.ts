import { parseTree } from 'jsonc-parser';
import { CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind } from 'vscode-languageserver-types';
import conditions from '../../../../../snippets/conditions.json';
import eksctlPodIdentityAssociations from '../../../../../snippets/eksctl-pod-identity-associations.json';
import eksctlServiceAccounts from '../../../../../snippets/eksctl-service-accounts.json';
import kubernetes from '../../../../../snippets/kubernetes.json';
import policies from '../../../../../snippets/policies.json';
import statements from '../../../../../snippets/statements.json';
import { properties } from '../../parse/json';
import { AuthoringContext } from '../context';
import { SnippetPlace, snippetPlaceAt, SnippetPlaceKind } from './place';
import { workspaceDefaults, withDefaults } from './defaults';
import { snippetDefaultText } from './text';

/** An entry of a VS Code snippet file. */
interface SnippetEntry {
  readonly prefix: string | readonly string[];
  readonly body: string | readonly string[];
  readonly description?: string;
}

type SnippetFile = Readonly<Record<string, SnippetEntry>>;

/** The files of `snippets/` (which VS Code contributes too), by the place their snippets fit. */
const SNIPPET_FILES: Record<SnippetPlaceKind, SnippetFile> = {
  policy: policies,
  statement: statements,
  condition: conditions,
  manifest: kubernetes,
  'eksctl-service-account': eksctlServiceAccounts,
  'eksctl-pod-identity': eksctlPodIdentityAssociations,
};

/** A snippet of `snippets/`, read once. */
export interface Snippet {
  readonly place: SnippetPlaceKind;
  readonly name: string;
  readonly prefix: string;
  readonly description: string;
  /** The body in snippet syntax, lines joined. */
  readonly body: string;
  /** What it inserts with every placeholder at its default. */
  readonly text: string;
  /** Statements: it has a principal (a trust policy's statement). */
  readonly trust: boolean;
  /** Conditions: its operator (`StringEquals`). */
  readonly operator: string | undefined;
}

let loaded: readonly Snippet[] | undefined;

/** Every snippet of `snippets/`, in file order. */
export function allSnippets(): readonly Snippet[] {
  loaded ??= Object.entries(SNIPPET_FILES).flatMap(([place, file]) =>
    Object.entries(file).flatMap(([name, entry]) => {
      const body = typeof entry.body === 'string' ? entry.body : entry.body.join('\n');
      const text = snippetDefaultText(body);
      const prefixes = typeof entry.prefix === 'string' ? [entry.prefix] : entry.prefix;
      return prefixes.map((prefix) => ({
        place: place as SnippetPlaceKind,
        name,
        prefix,
        description: entry.description ?? name,
        body,
        text,
        ...shapeOf(place as SnippetPlaceKind, text),
      }));
    }),
  );
  return loaded;
}

function shapeOf(place: SnippetPlaceKind, text: string): Pick<Snippet, 'trust' | 'operator'> {
  if (place === 'statement') return { trust: properties(parseTree(text)).some((p) => p.key === 'Principal'), operator: undefined };
  if (place === 'condition') return { trust: false, operator: properties(parseTree(`{${text}}`))[0]?.key };
  return { trust: false, operator: undefined };
}

/** The snippets of `snippets/` that fit the place (a whole policy, a statement, a condition, a manifest, an eksctl entry). */
export function snippetCompletions(context: AuthoringContext, offset: number): CompletionItem[] {
  const place = snippetPlaceAt(context, offset);
  if (!place) return [];
  // Read from the whole index: once per request, not once per snippet.
  const known = new Map<boolean, ReadonlyMap<string, string>>();
  const defaults = (trust: boolean) => known.get(trust) ?? known.set(trust, workspaceDefaults(context, trust)).get(trust)!;
  return allSnippets()
    .filter((snippet) => fits(snippet, place))
    .map((snippet) => completionOf(snippet, place, context, defaults));
}

function fits(snippet: Snippet, place: SnippetPlace): boolean {
  if (snippet.place !== place.kind) return false;
  if (place.kind === 'statement' && place.policyKind) return snippet.trust === (place.policyKind === 'trust');
  if (place.kind === 'condition') return !place.operators?.includes(snippet.operator ?? '');
  return true;
}

function completionOf(
  snippet: Snippet,
  place: SnippetPlace,
  context: AuthoringContext,
  defaults: (trust: boolean) => ReadonlyMap<string, string>,
): CompletionItem {
  const { document } = context;
  const range = (start: number, end: number) => ({ start: document.positionAt(start), end: document.positionAt(end) });
  // A statement without `Condition` takes the operator block as its Condition element.
  const filled = withDefaults(snippet.body, defaults(snippet.trust || snippet.name.toLowerCase().includes('trust')));
  const body = place.asConditionElement ? `"Condition": {\n\t${filled.replace(/\n/g, '\n\t')}\n}` : filled;
  const language = place.kind === 'manifest' || place.kind.startsWith('eksctl') ? 'yaml' : 'json';
  const item: CompletionItem = {
    label: snippet.prefix,
    kind: CompletionItemKind.Snippet,
    detail: snippet.name,
    documentation: { kind: MarkupKind.Markdown, value: `${snippet.description}\n\n\`\`\`${language}\n${snippet.text.replace(/\t/g, '  ')}\n\`\`\`` },
    // The editor filters with the text from the start of the range: a quote or a dash may come first.
    filterText: place.lead + snippet.prefix,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.adjustIndentation,
    textEdit: { range: range(place.replace.start, place.replace.end), newText: body + place.after },
  };
  if (place.edits.length) item.additionalTextEdits = place.edits.map((edit) => ({ range: range(edit.range.start, edit.range.end), newText: edit.newText }));
  return item;
}
