import { Catalog } from '../catalog/catalog';
import { ActionExpander } from '../catalog/statementActions';
import { AccessLevel, IamAction } from '../catalog/iamModel';
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
