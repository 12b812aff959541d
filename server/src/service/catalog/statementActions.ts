import { Catalog } from './catalog';
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
