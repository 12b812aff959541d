import { CompletionItemKind } from 'vscode-languageserver-types';
import { Catalog } from '../../catalog/catalog';
import { PolicyKind } from '../../parse/policyKind';
import { Candidate, PolicyItemData, sortKey } from './items';
import { IamAction, IamService } from '../../catalog/iamModel';

/** What a role trust policy grants: these come first there. */
const TRUST_ACTIONS = ['sts:AssumeRoleWithWebIdentity', 'sts:AssumeRole', 'sts:TagSession'];

interface ActionLists {
  readonly prefixes: readonly Candidate[];
  readonly trustPrefixes: readonly Candidate[];
  /** By lower-case service prefix, built on first use. */
  readonly actions: Map<string, readonly Candidate[]>;
  readonly trustActions: Map<string, readonly Candidate[]>;
}

const lists = new WeakMap<Catalog, ActionLists>();

function listsOf(catalog: Catalog): ActionLists {
  let found = lists.get(catalog);
  if (!found) {
    const services = [...catalog.servicePrefixes()].sort().map((prefix) => catalog.service(prefix)!);
    const prefixes = services.map((service, index) => prefixCandidate(service, sortKey(1, index)));
    const trustPrefixes = [
      ...TRUST_ACTIONS.map((name, index) => {
        const [prefix, action] = name.split(':');
        return actionCandidate(catalog.action(prefix, action)!, sortKey(0, index), name);
      }),
      ...services.map((service, index) => prefixCandidate(service, service.prefix === 'sts' ? sortKey(0, 9) : sortKey(1, index))),
    ];
    found = { prefixes, trustPrefixes, actions: new Map(), trustActions: new Map() };
    lists.set(catalog, found);
  }
  return found;
}

function prefixCandidate(service: IamService, sort: string): Candidate {
  return {
    label: `${service.prefix}:`,
    value: `${service.prefix}:`,
    kind: CompletionItemKind.Module,
    detail: service.name,
    description: service.name,
    sort,
    retrigger: true,
    data: { iamIrsa: 'service', service: service.prefix },
  };
}

/**
 * An action: its name as label (the service is typed already), the whole `service:Action` as inserted
 * and filtered text. Its `data` names the action only where the label is not the name: the items of
 * one service then share one `data` (sent once, as the list's default, to a client that reads those).
 */
function actionCandidate(
  action: IamAction,
  sort: string,
  label = action.name,
  data: PolicyItemData = { iamIrsa: 'action', service: action.service, action: action.name },
): Candidate {
  return {
    label,
    value: `${action.service}:${action.name}`,
    kind: CompletionItemKind.Function,
    detail: `${action.service}:${action.name} (${action.accessLevel})`,
    description: action.accessLevel,
    sort,
    data,
  };
}

/** The service's actions, then `service:*` and a `Verb*` wildcard for each verb that starts several actions. */
function serviceActions(service: IamService, trust: boolean): Candidate[] {
  const actions = [...service.actions.values()].sort((a, b) => a.name.localeCompare(b.name));
  const first = (action: IamAction) => (trust ? TRUST_ACTIONS.indexOf(`${service.prefix}:${action.name}`) : -1);
  const named: PolicyItemData = { iamIrsa: 'action', service: service.prefix };
  const candidates = actions.map((action, index) =>
    actionCandidate(action, first(action) >= 0 ? sortKey(0, first(action)) : sortKey(1, index), action.name, named),
  );
  const verbs = new Map<string, IamAction[]>();
  for (const action of actions) {
    const verb = /^[A-Z][a-z]+/.exec(action.name)?.[0];
    if (verb) verbs.set(verb, [...(verbs.get(verb) ?? []), action]);
  }
  const wildcards: [string, readonly IamAction[]][] = [
    ['*', actions],
    ...[...verbs].filter(([, matched]) => matched.length > 1).map(([verb, matched]): [string, IamAction[]] => [`${verb}*`, matched]),
  ];
  wildcards.forEach(([pattern, matched], index) => {
    candidates.push({
      label: pattern,
      value: `${service.prefix}:${pattern}`,
      kind: CompletionItemKind.Constant,
      detail: `${matched.length} actions of ${service.name}`,
      description: `${matched.length} actions`,
      sort: sortKey(2, index),
      data: { iamIrsa: 'action-wildcard', service: service.prefix, action: pattern },
    });
  });
  return candidates;
}

/**
 * Actions at a place that takes them: service prefixes (which ask for the service's actions once
 * inserted) until `service:` is typed, then that service's actions and wildcards. In a trust policy
 * the assume-role actions come first.
 */
export function actionCandidates(catalog: Catalog, prefix: string, kind: PolicyKind | undefined): readonly Candidate[] {
  const found = listsOf(catalog);
  const trust = kind === 'trust';
  const colon = prefix.indexOf(':');
  if (colon < 0) return trust ? found.trustPrefixes : found.prefixes;
  const service = catalog.service(prefix.slice(0, colon));
  if (!service) return [];
  const cache = trust ? found.trustActions : found.actions;
  let candidates = cache.get(service.prefix);
  if (!candidates) {
    candidates = serviceActions(service, trust);
    cache.set(service.prefix, candidates);
  }
  return candidates;
}
