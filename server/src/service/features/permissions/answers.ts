import { askServiceAccount, ServiceAccountAnswer, ServiceAccountQuestion } from '../../evaluation/ask';
import { EffectivePermissions, effectivePermissions } from '../../evaluation/effective';
import { ServiceAccountSources } from '../../evaluation/serviceAccount';

/** How many ServiceAccounts' answers are kept (an AWS managed policy such as ReadOnlyAccess gives thousands of rows). */
const KEPT = 16;

interface Kept {
  readonly generation: number;
  /** The stamp of every text the answer read, by URI: the answer holds while each is the same. */
  readonly reads: ReadonlyMap<string, string>;
  readonly result: EffectivePermissions;
}

/**
 * The effective permissions of ServiceAccounts, computed by `effectivePermissions` (the one model:
 * evaluation/effective.ts) and kept while the workspace index and every file the answer read are
 * unchanged, so that the hover, the lens and the table of one ServiceAccount cost one computation.
 */
export class PermissionAnswers {
  private readonly kept = new Map<string, Kept>();

  /** `stamp`: which version of a file's text `sources.read` gives now (an open document's version, else its indexings). */
  constructor(
    readonly sources: ServiceAccountSources,
    private readonly stamp: (uri: string) => string,
  ) {}

  /** `manifest`: only that manifest's role annotation counts (workspace/permissions.ts). */
  effective(namespace: string, name: string, manifest?: string): EffectivePermissions {
    const key = `${namespace}/${name}${manifest === undefined ? '' : ` ${manifest}`}`;
    const generation = this.sources.index.generation;
    const kept = this.kept.get(key);
    if (kept && kept.generation === generation && [...kept.reads].every(([uri, stamp]) => this.stamp(uri) === stamp)) {
      // Most recently used last: the first key is the one to drop.
      this.kept.delete(key);
      this.kept.set(key, kept);
      return kept.result;
    }
    const reads = new Map<string, string>();
    const recording: ServiceAccountSources = {
      ...this.sources,
      read: (uri) => {
        reads.set(uri, this.stamp(uri));
        return this.sources.read(uri);
      },
    };
    const result = effectivePermissions(recording, namespace, name, manifest);
    this.kept.delete(key);
    this.kept.set(key, { generation, reads, result });
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value as string);
    return result;
  }

  ask(namespace: string, name: string, question: ServiceAccountQuestion, manifest?: string): ServiceAccountAnswer {
    return askServiceAccount(this.sources, namespace, name, question, manifest);
  }

  clear(): void {
    this.kept.clear();
  }
}
