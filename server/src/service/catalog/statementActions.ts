import { Catalog, iamWildcard } from './catalog';
import { stringItems } from '../parse/json';
import { Statement } from '../parse/policy';
import { IamAction } from './iamModel';

export interface StatementActions {
  /** The catalogue actions the statement's `Action` names, wildcards expanded, each once. */
  readonly actions: readonly IamAction[];
  /**
   * True when the set cannot be known exactly: `NotAction`, `"*"`, a wildcard in a service prefix.
   * Checks that would report what no action supports must then stay silent.
   */
  readonly open: boolean;
}

const cache = new WeakMap<Statement, StatementActions>();

/** The actions a statement is about, for checks that compare them with resources and condition keys. */
export function actionsOfStatement(statement: Statement, catalog: Catalog): StatementActions {
  const hit = cache.get(statement);
  if (hit) return hit;
  let open = statement.element.NotAction !== undefined || statement.element.Action === undefined;
  const actions = new Set<IamAction>();
  for (const item of stringItems(statement.element.Action?.valueNode)) {
    const text = item.value as string;
    const colon = text.indexOf(':');
    const prefix = colon > 0 ? text.slice(0, colon) : '';
    if (text === '*' || /[*?]/.test(prefix)) {
      open = true;
      continue;
    }
    for (const action of catalog.matchActions(prefix, text.slice(colon + 1))) actions.add(action);
  }
  const result = { actions: [...actions], open };
  cache.set(statement, result);
  return result;
}

/** The actions an Allow statement names, expanded once per statement model (models are built once per document version). */
const expanded = new WeakMap<Statement, readonly IamAction[]>();

/** Expands a statement's `Action` / `NotAction` patterns to catalogue actions. */
export class ActionExpander {
  private every?: readonly IamAction[];

  constructor(private readonly catalog: Catalog) {}

  allowedBy(statement: Statement): readonly IamAction[] {
    let actions = expanded.get(statement);
    if (actions) return actions;
    const action = statement.element.Action?.valueNode;
    const notAction = statement.element.NotAction?.valueNode;
    if (action) {
      // A set without `*` or a wildcard in a service prefix is the one the checks already expanded.
      const known = actionsOfStatement(statement, this.catalog);
      actions = known.open ? [...this.matching(stringItems(action).map((n) => n.value as string))] : known.actions;
    } else if (notAction) {
      // Every action but those named: the whole catalogue, filtered.
      const excluded = this.matching(stringItems(notAction).map((n) => n.value as string));
      actions = this.all().filter((a) => !excluded.has(a));
    } else {
      actions = [];
    }
    expanded.set(statement, actions);
    return actions;
  }

  private matching(patterns: readonly string[]): Set<IamAction> {
    const result = new Set<IamAction>();
    const add = (actions: readonly IamAction[]) => {
      for (const action of actions) result.add(action);
    };
    for (const pattern of patterns) {
      if (pattern === '*') {
        add(this.all());
        continue;
      }
      const colon = pattern.indexOf(':');
      if (colon <= 0) continue;
      const prefix = pattern.slice(0, colon);
      const name = pattern.slice(colon + 1);
      if (!/[*?]/.test(prefix)) {
        add(this.catalog.matchActions(prefix, name));
        continue;
      }
      const matcher = iamWildcard(prefix);
      for (const service of this.catalog.servicePrefixes()) if (matcher.test(service)) add(this.catalog.matchActions(service, name));
    }
    return result;
  }

  private all(): readonly IamAction[] {
    this.every ??= [...this.catalog.servicePrefixes()].flatMap((prefix) => [...(this.catalog.service(prefix)?.actions.values() ?? [])]);
    return this.every;
  }
}
