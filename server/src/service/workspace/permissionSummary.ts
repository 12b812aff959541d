import { Catalog, iamWildcard } from '../catalog/catalog';
import { AccessLevel, IamAction } from '../catalog/iamModel';
import { stringItems } from '../parse/json';
import { Statement } from '../parse/policy';
import { AttachedPolicy, PermissionModel } from './permissions';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** What the Allow statements of a ServiceAccount's policies name in one service. */
export interface ServiceSummary {
  /** The service prefix (`s3`). */
  readonly service: string;
  /** The service's name in the catalogue (`Amazon S3`). */
  readonly name: string;
  /** Distinct actions allowed. */
  readonly actions: number;
  /** Distinct actions per access level. */
  readonly accessLevels: Readonly<Record<AccessLevel, number>>;
  /** The labels of the policies granting them, in the order of the model. */
  readonly policies: readonly string[];
}

export interface PermissionSummary {
  /** By service prefix. */
  readonly services: readonly ServiceSummary[];
  /** Distinct actions in all services. */
  readonly actions: number;
}

/**
 * Per service, the actions the Allow statements of every role's policies name (wildcards and
 * `NotAction` expanded against the catalogue) and their access levels: what the editor summarises.
 * An upper bound, on purpose: explicit denies, the permissions boundary, resources and conditions are
 * NOT subtracted here (the evaluator answers those); the boundary's own statements are not counted.
 * Action names the catalogue does not know (retired, misspelled) count for nothing.
 */
export function summarise(model: PermissionModel, catalog: Catalog): PermissionSummary {
  return summarisePolicies(
    model.roles.flatMap((role) => role.policies),
    catalog,
  );
}

/** The same summary for a list of attached policies (one role's, say). */
export function summarisePolicies(policies: readonly AttachedPolicy[], catalog: Catalog): PermissionSummary {
  const byService = new Map<string, { actions: Set<IamAction>; policies: Set<string> }>();
  const expander = new ActionExpander(catalog);
  for (const attached of policies) {
    for (const statement of attached.policy.statements) {
      if (statement.element.Effect?.valueNode?.value !== 'Allow') continue;
      for (const action of expander.allowedBy(statement)) {
        let entry = byService.get(action.service);
        if (!entry) byService.set(action.service, (entry = { actions: new Set(), policies: new Set() }));
        entry.actions.add(action);
        entry.policies.add(attached.label);
      }
    }
  }
  const services = [...byService]
    .map(([prefix, entry]): ServiceSummary => {
      const accessLevels = Object.fromEntries(ACCESS_LEVELS.map((level) => [level, 0])) as Record<AccessLevel, number>;
      for (const action of entry.actions) if (action.accessLevel in accessLevels) accessLevels[action.accessLevel as AccessLevel]++;
      return { service: prefix, name: catalog.service(prefix)?.name ?? prefix, actions: entry.actions.size, accessLevels, policies: [...entry.policies] };
    })
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  return { services, actions: services.reduce((sum, s) => sum + s.actions, 0) };
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
      actions = [...this.matching(stringItems(action).map((n) => n.value as string))];
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
