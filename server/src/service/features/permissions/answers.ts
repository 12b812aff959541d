import { askServiceAccount, ServiceAccountAnswer, ServiceAccountQuestion } from '../../evaluation/ask';
import { EffectivePermissions, effectivePermissions } from '../../evaluation/effective';
import { ServiceAccountSources } from '../../evaluation/serviceAccount';

/** How many ServiceAccounts' answers are kept (an AWS managed policy such as ReadOnlyAccess gives thousands of rows). */
const KEPT = 16;

interface Kept {
  readonly generation: number;
  /** Every text the answer read, by URI (undefined: not readable): the answer holds while each is the same. */
  readonly reads: ReadonlyMap<string, string | undefined>;
  readonly result: EffectivePermissions;
}

/**
 * The effective permissions of ServiceAccounts, computed by `effectivePermissions` (the one model:
 * evaluation/effective.ts) and kept while the workspace index and every file the answer read are
 * unchanged, so that the hover, the lens and the table of one ServiceAccount cost one computation.
 */
export class PermissionAnswers {
  private readonly kept = new Map<string, Kept>();

  constructor(readonly sources: ServiceAccountSources) {}

  /** `manifest`: only that manifest's role annotation counts (workspace/permissions.ts). */
  effective(namespace: string, name: string, manifest?: string): EffectivePermissions {
    const key = `${namespace}/${name}${manifest === undefined ? '' : ` ${manifest}`}`;
    const generation = this.sources.index.generation;
    const kept = this.kept.get(key);
    if (kept && kept.generation === generation && [...kept.reads].every(([uri, text]) => this.sources.read(uri) === text)) {
      // Most recently used last: the first key is the one to drop.
      this.kept.delete(key);
      this.kept.set(key, kept);
      return kept.result;
    }
    const reads = new Map<string, string | undefined>();
    const recording: ServiceAccountSources = {
      ...this.sources,
      read: (uri) => {
        const text = this.sources.read(uri);
        reads.set(uri, text);
        return text;
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
