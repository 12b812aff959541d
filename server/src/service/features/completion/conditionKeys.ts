import { CompletionItemKind } from 'vscode-languageserver-types';
import { actionsOfStatement } from '../../catalog/statementActions';
import { Catalog } from '../../catalog/catalog';
import {
  EKS_OIDC_CLAIMS,
  eksProviderParts,
  identityProviderKey,
  normalizeProvider,
  parseOidcProviderArn,
  POD_IDENTITY_PRINCIPAL,
  POD_IDENTITY_SCOPE_KEYS,
} from '../../catalog/oidc';
import { parseOperator } from '../../catalog/operators';
import { Statement } from '../../parse/policy';
import { Candidate, snippetText, sortKey } from './items';
import { statementPrincipals } from './statement';
import { IamAction } from '../../catalog/iamModel';

/** A key's variable part: `${TagKey}`, `<key>`, and the global list's trailing `tag-key`. */
const VARIABLE = /\$\{([^}]*)\}|<([^>]*)>|(?<=\/)tag-key$/g;

interface KeyEntry {
  /** The key with its variable parts as `${Name}`. */
  readonly label: string;
  /** The key as a snippet, each variable part a tab stop. */
  readonly value: string;
  readonly snippet: boolean;
  readonly type: string;
}

const entries = new WeakMap<Catalog, Map<string, KeyEntry>>();
const actionKeys = new WeakMap<IamAction, readonly string[]>();

function entryOf(catalog: Catalog, key: string): KeyEntry {
  let cache = entries.get(catalog);
  if (!cache) entries.set(catalog, (cache = new Map()));
  let entry = cache.get(key);
  if (!entry) {
    let stop = 0;
    const name = (match: string, braced?: string, angled?: string) => braced ?? angled ?? (match === 'tag-key' ? 'TagKey' : match);
    const label = key.replace(VARIABLE, (match, braced, angled) => `\${${name(match, braced, angled)}}`);
    const snippet = snippetOf(key, (match, braced, angled) => `\${${++stop}:${name(match, braced, angled)}}`);
    const value = stop > 0 ? snippet : key;
    entry = { label, value, snippet: stop > 0, type: catalog.conditionKey(key)?.type ?? 'String' };
    cache.set(key, entry);
  }
  return entry;
}

/** The key with its literal parts escaped for snippet syntax and its variable parts replaced. */
function snippetOf(key: string, variable: (match: string, braced?: string, angled?: string) => string): string {
  let result = '';
  let last = 0;
  for (const match of key.matchAll(VARIABLE)) {
    result += snippetText(key.slice(last, match.index)) + variable(match[0], match[1], match[2]);
    last = match.index! + match[0].length;
  }
  return result + snippetText(key.slice(last));
}

/** The keys a request for the action can carry: its own and those of the resource types it acts on. */
function keysOfAction(catalog: Catalog, action: IamAction): readonly string[] {
  let keys = actionKeys.get(action);
  if (!keys) {
    const all = new Set(action.conditionKeys);
    const service = catalog.service(action.service);
    for (const rt of action.resourceTypes) {
      for (const key of rt.conditionKeys) all.add(key);
      for (const key of service?.resourceTypes.get(rt.name.toLowerCase())?.conditionKeys ?? []) all.add(key);
    }
    keys = [...all];
    actionKeys.set(action, keys);
  }
  return keys;
}

/** Whether a key of type `keyType` is compared by an operator of type `operatorType`. */
function fits(operatorType: string | undefined, keyType: string): boolean {
  if (!operatorType || operatorType === 'Null') return true;
  const single = keyType.replace(/^ArrayOf/, '');
  return single === operatorType || (operatorType === 'String' && single === 'ARN');
}

/**
 * Condition keys for the statement: the EKS issuer's claims of its federated principal and the Pod
 * Identity session tags first, then the keys of its actions and their resource types, then the global
 * keys. Keys the operator block has already, and identity-provider keys of providers the statement
 * does not trust, are left out; keys of the operator's type come first in each group.
 */
export function conditionKeyCandidates(catalog: Catalog, statement: Statement | undefined, operator: string, present: ReadonlySet<string>): Candidate[] {
  const operatorType = parseOperator(operator)?.base.type;
  const providers = statementPrincipals(statement, 'Federated').map(providerOf);
  const candidates: Candidate[] = [];
  const seen = new Set<string>([...present].map((k) => k.toLowerCase()));
  const add = (key: string, group: number, documentation?: string, rank?: number) => {
    const entry = entryOf(catalog, key);
    const id = entry.label.toLowerCase();
    if (seen.has(id)) return;
    seen.add(id);
    candidates.push({
      label: entry.label,
      value: entry.value,
      snippet: entry.snippet,
      filterText: entry.label,
      kind: CompletionItemKind.Field,
      detail: entry.type,
      documentation,
      sort: sortKey(group * 2 + (fits(operatorType, entry.type) ? 0 : 1), rank ?? entry.label.toLowerCase()),
      data: { iamIrsa: 'condition-key', key },
    });
  };
  for (const provider of providers) {
    if (!eksProviderParts(provider)) continue;
    EKS_OIDC_CLAIMS.forEach((claim, rank) => add(`${provider}:${claim}`, 0, undefined, rank));
  }
  if (statementPrincipals(statement, 'Service').includes(POD_IDENTITY_PRINCIPAL)) {
    for (const key of POD_IDENTITY_SCOPE_KEYS)
      add(key, 0, 'A session tag EKS Pod Identity sets when it assumes the role: it scopes the trust to a cluster, namespace or ServiceAccount.');
  }
  for (const action of statement ? actionsOfStatement(statement, catalog).actions : []) {
    for (const key of keysOfAction(catalog, action)) {
      const provider = identityProviderKey(key)?.provider;
      if (provider !== undefined && !providers.some((p) => providerMatches(provider, p))) continue;
      add(key, provider !== undefined ? 0 : key.toLowerCase().startsWith('aws:') ? 2 : 1);
    }
  }
  for (const key of catalog.globalConditionKeys()) add(key.key, 3);
  return candidates;
}

/** The provider a Federated principal names, as written: the host of an OIDC provider ARN, or a web identity domain. */
function providerOf(principal: string): string {
  return parseOidcProviderArn(principal)?.provider ?? principal;
}

/** Whether a catalogue key's provider (maybe a template: `token.actions.${Domain}.ghe.com`) is this provider. */
function providerMatches(template: string, provider: string): boolean {
  const pattern = template
    .toLowerCase()
    .split(/\$\{[^}]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${pattern.join('[^:]+')}$`).test(normalizeProvider(provider));
}
