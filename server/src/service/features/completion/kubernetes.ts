import { isSeq } from 'yaml';
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import { EKS_DEFAULT_AUDIENCE } from '../../catalog/oidc';
import { isYamlLanguage } from '../../parse/document';
import { POD_IDENTITY_ANNOTATION } from '../../parse/kubernetes';
import { entries, entry, ParsedYaml, stringValue, YamlNode } from '../../parse/yaml';
import { AuthoringContext } from '../context';
import { RoleChoice, workspaceRoleChoices } from './roleChoices';
import { AnnotatedObject, annotationDocumentation, WEBHOOK_ANNOTATIONS } from '../webhookAnnotations';
import { YamlCursor, yamlCursorAt } from '../cursor/yamlCursor';

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** The annotations mapping the cursor is in: a ServiceAccount's (or `serviceAccount.annotations` of Helm values), or a pod's. */
interface AnnotationsPlace {
  readonly object: AnnotatedObject;
  /** The ServiceAccount's namespace and name; unknown in Helm values (decided at install time). */
  readonly serviceAccount?: { readonly namespace: string; readonly name: string };
  /** The keys already in the mapping, but the one under the cursor. */
  readonly present: ReadonlySet<string>;
  /** A pod's container and init container names. */
  readonly containers?: readonly string[];
}

/** Completion in Kubernetes YAML: the pod identity webhook's annotation keys and values (role ARNs of the workspace's roles, container names). */
export function kubernetesCompletions(context: AuthoringContext, offset: number): CompletionItem[] {
  const { parsed, document } = context;
  const yaml = parsed.kind === 'kubernetes' || parsed.kind === 'other' ? parsed.yaml : undefined;
  if (!yaml || !isYamlLanguage(document.languageId)) return [];
  const text = document.getText();
  const cursor = yamlCursorAt(yaml, text, offset);
  if (!cursor) return [];
  const place = annotationsPlace(context, yaml, cursor);
  if (!place) return [];
  if (cursor.kind === 'key') return keyItems(context, cursor, place);
  // `key:|` with no space yet: the value needs one.
  const afterColon = !cursor.quoted && cursor.replace.start === cursor.replace.end && text[offset - 1] === ':';
  return valueItems(context, cursor, place, String(cursor.path[cursor.path.length - 1]), afterColon);
}

/**
 * The annotations mapping under the cursor, if it is one the webhook reads: `metadata.annotations`
 * of a ServiceAccount, `serviceAccount.annotations` in a document without `kind` (Helm values), or
 * the annotations of a Pod or of a workload's pod template.
 */
function annotationsPlace(context: AuthoringContext, yaml: ParsedYaml, cursor: YamlCursor): AnnotationsPlace | undefined {
  const { path, nodes } = cursor;
  const at = cursor.kind === 'key' ? path.length - 1 : path.length - 2;
  if (at < 1 || path[at] !== 'annotations') return undefined;
  const mapping = cursor.kind === 'key' ? cursor.mapping : entry(nodes[at], 'annotations')?.valueNode;
  const editing = cursor.kind === 'key' ? context.document.getText().slice(cursor.replace.start, cursor.replace.end) : path[path.length - 1];
  const present = new Set(
    entries(mapping)
      .map((e) => e.key)
      .filter((key) => key !== editing),
  );
  const owner = path[at - 1];
  const top = yaml.documents[cursor.documentIndex].contents as YamlNode | null;
  if (owner === 'serviceAccount') {
    return entry(top, 'kind') || entry(top, 'apiVersion') ? undefined : { object: 'ServiceAccount', present };
  }
  if (owner !== 'metadata' || context.parsed.kind !== 'kubernetes') return undefined;
  // The object whose metadata this is: a ServiceAccount, a Pod, or a pod template (beside its pod spec).
  const object = nodes[at - 1];
  const manifest = context.parsed.serviceAccounts.find((sa) => sa.node === object);
  if (manifest)
    return { object: 'ServiceAccount', present, serviceAccount: manifest.name ? { namespace: manifest.namespace, name: manifest.name } : undefined };
  const spec = entry(object, 'spec')?.valueNode;
  const workload = context.parsed.workloads.find((w) => (w.kind === 'Pod' ? w.node === object : spec !== undefined && w.podSpec === spec));
  return workload ? { object: 'Pod', present, containers: containerNames(workload.podSpec) } : undefined;
}

function containerNames(podSpec: YamlNode | undefined): string[] {
  return ['initContainers', 'containers'].flatMap((list) => {
    const items = entry(podSpec, list)?.valueNode;
    return isSeq(items) ? (items.items as YamlNode[]).flatMap((c) => stringValue(entry(c, 'name')?.valueNode) ?? []) : [];
  });
}

function keyItems(context: AuthoringContext, cursor: YamlCursor, place: AnnotationsPlace): CompletionItem[] {
  const { document } = context;
  const range = { start: document.positionAt(cursor.replace.start), end: document.positionAt(cursor.replace.end) };
  // The colon comes with the key unless it is there already, or the key is typed inside quotes.
  const withColon = !cursor.hasColon && !cursor.quoted;
  return WEBHOOK_ANNOTATIONS.filter((a) => a.readOn.includes(place.object) && !place.present.has(a.key)).map((annotation, rank) => ({
    label: annotation.key,
    kind: CompletionItemKind.Property,
    detail: annotation.summary,
    documentation: { kind: MarkupKind.Markdown, value: annotationDocumentation(annotation, place.object).join('\n\n') },
    sortText: String(rank).padStart(2, '0'),
    filterText: annotation.key,
    textEdit: { range, newText: withColon ? `${annotation.key}: ` : annotation.key },
    command: withColon && valueSuggestions(annotation.key) ? RETRIGGER : undefined,
  }));
}

/** Whether completion has values to offer for an annotation, so that it opens again after the key. */
function valueSuggestions(key: string): boolean {
  return key !== POD_IDENTITY_ANNOTATION.endpointUrl;
}

function valueItems(context: AuthoringContext, cursor: YamlCursor, place: AnnotationsPlace, key: string, afterColon: boolean): CompletionItem[] {
  switch (key) {
    case POD_IDENTITY_ANNOTATION.roleArn:
      return workspaceRoleChoices(context, place.serviceAccount).map((choice, rank) => roleItem(context, cursor, choice, rank, afterColon));
    case POD_IDENTITY_ANNOTATION.audience:
      return [valueItem(context, cursor, EKS_DEFAULT_AUDIENCE, 'The default audience of the webhook, in every partition', afterColon)];
    case POD_IDENTITY_ANNOTATION.stsRegionalEndpoints:
      return [
        valueItem(context, cursor, 'true', 'The regional STS endpoint (AWS_STS_REGIONAL_ENDPOINTS=regional)', afterColon, { typed: true }),
        valueItem(context, cursor, 'false', "The webhook's default", afterColon, { typed: true, rank: 1 }),
      ];
    case POD_IDENTITY_ANNOTATION.tokenExpiration:
      return [valueItem(context, cursor, '86400', 'The default: one day, in seconds', afterColon, { typed: true })];
    case POD_IDENTITY_ANNOTATION.skipContainers:
      return containerItems(context, cursor, place.containers ?? [], afterColon);
    default:
      return [];
  }
}

/**
 * A value item. `typed` values (booleans, numbers) are quoted outside quotes: YAML would read them
 * as such, and annotations are strings.
 */
function valueItem(
  context: AuthoringContext,
  cursor: YamlCursor,
  value: string,
  detail: string,
  afterColon: boolean,
  options: { readonly typed?: boolean; readonly rank?: number } = {},
): CompletionItem {
  const { document } = context;
  const text = options.typed && !cursor.quoted ? JSON.stringify(value) : value;
  return {
    label: text,
    kind: CompletionItemKind.Value,
    detail,
    sortText: String(options.rank ?? 0).padStart(3, '0'),
    filterText: text,
    textEdit: {
      range: { start: document.positionAt(cursor.replace.start), end: document.positionAt(cursor.replace.end) },
      newText: afterColon ? ` ${text}` : text,
    },
  };
}

function roleItem(context: AuthoringContext, cursor: YamlCursor, choice: RoleChoice, rank: number, afterColon: boolean): CompletionItem {
  const item = valueItem(context, cursor, choice.arn, choice.where, afterColon, { rank });
  const documentation = { kind: MarkupKind.Markdown, value: choice.documentation };
  if (!choice.snippet) return { ...item, kind: CompletionItemKind.Reference, documentation, preselect: rank === 0 && choice.admits };
  const range = item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined;
  return {
    ...item,
    kind: CompletionItemKind.Reference,
    documentation,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: range && { range, newText: `${afterColon ? ' ' : ''}${choice.snippet}` },
  };
}

/** The pod's container names, for the item of the comma-separated list under the cursor (names listed already left out). */
function containerItems(context: AuthoringContext, cursor: YamlCursor, containers: readonly string[], afterColon: boolean): CompletionItem[] {
  const { document } = context;
  const value = document.getText().slice(cursor.replace.start, cursor.replace.end);
  const segments: { readonly start: number; readonly end: number; readonly name: string }[] = [];
  let from = 0;
  for (const part of value.split(',')) {
    const lead = part.length - part.trimStart().length;
    segments.push({ start: from + lead, end: from + part.length, name: part.trim() });
    from += part.length + 1;
  }
  const current = [...segments].reverse().find((segment) => segment.start <= cursor.prefix.length) ?? segments[0];
  const listed = new Set(segments.filter((segment) => segment !== current).map((segment) => segment.name));
  const range = { start: document.positionAt(cursor.replace.start + current.start), end: document.positionAt(cursor.replace.start + current.end) };
  return containers
    .filter((name) => !listed.has(name))
    .map((name, rank) => ({
      label: name,
      kind: CompletionItemKind.Value,
      detail: 'A container of this pod',
      sortText: String(rank).padStart(3, '0'),
      textEdit: { range, newText: afterColon ? ` ${name}` : name },
    }));
}
