import { KUSTOMIZATION_FILE_NAMES, KustomizationFile } from '../parse/kustomization';
import { FileFacts, KustomizationFact, ServiceAccountFact } from './facts';
import { resolveReference } from './sources/source';

/**
 * Kustomize's `namespace:`: a kustomization gives its namespace to the manifests it lists under
 * `resources:` that set none. A listed folder is another kustomization (its kustomization.yaml,
 * .yml or Kustomization): its manifests get this namespace when it sets none itself. The
 * kustomization that lists a file itself wins over the one listing its folder; among several,
 * the first by URI. One level of folders is followed, so a kustomization listing itself costs nothing.
 */

/** A kustomization's facts: the URIs it lists (files, and for a folder the kustomization files it may hold). */
export function kustomizationFact(uri: string, file: KustomizationFile): KustomizationFact {
  const resources: string[] = [];
  for (const { path } of file.resources) {
    // Remote bases (git URLs, `github.com/…?ref=`) are not in the workspace.
    if (/:\/\/|^github\.com\/|\?ref=/.test(path)) continue;
    if (/\.(ya?ml|json)$/i.test(path)) resources.push(resolveReference(uri, path));
    else for (const name of KUSTOMIZATION_FILE_NAMES) resources.push(resolveReference(uri, `${path.replace(/\/+$/, '')}/${name}`));
  }
  return { ...(file.namespace ? { namespace: file.namespace.value } : {}), resources };
}

/** Where a manifest's namespace comes from when it sets none. */
export interface KustomizedNamespace {
  readonly namespace: string;
  /** The kustomization that says it. */
  readonly from: string;
}

/** The kustomizations of the workspace, and which files each lists. */
export class Kustomizations {
  private readonly facts = new Map<string, KustomizationFact>();
  private readonly listedBy = new Map<string, Set<string>>();

  /** Records (or drops) a kustomization; returns the files whose namespace may change. */
  update(uri: string, fact: KustomizationFact | undefined): string[] {
    const old = this.facts.get(uri);
    if (JSON.stringify(old) === JSON.stringify(fact)) return [];
    const affected = new Set<string>([...this.reach(old), ...this.reach(fact)]);
    for (const resource of old?.resources ?? []) this.listedBy.get(resource)?.delete(uri);
    if (fact) {
      this.facts.set(uri, fact);
      for (const resource of fact.resources) {
        let set = this.listedBy.get(resource);
        if (!set) this.listedBy.set(resource, (set = new Set()));
        set.add(uri);
      }
    } else this.facts.delete(uri);
    return [...affected];
  }

  /** The namespace a kustomization gives the file, if any. */
  namespaceFor(uri: string): KustomizedNamespace | undefined {
    const direct = this.listers(uri);
    for (const k of direct) {
      const namespace = this.facts.get(k)?.namespace;
      if (namespace) return { namespace, from: k };
    }
    for (const k of direct) {
      for (const parent of this.listers(k)) {
        const namespace = this.facts.get(parent)?.namespace;
        if (namespace) return { namespace, from: parent };
      }
    }
    return undefined;
  }

  private listers(uri: string): string[] {
    return [...(this.listedBy.get(uri) ?? [])].filter((k) => k !== uri).sort();
  }

  /** The files a kustomization lists, and those of the kustomizations of the folders it lists. */
  private reach(fact: KustomizationFact | undefined): string[] {
    if (!fact) return [];
    return [...fact.resources, ...fact.resources.flatMap((r) => this.facts.get(r)?.resources ?? [])];
  }
}

/** The facts of a file as its kustomization sees them: the namespace it gives to what sets none. */
export function withNamespace(facts: FileFacts, given: KustomizedNamespace | undefined): FileFacts {
  if (!given || (!facts.serviceAccounts.some((sa) => !sa.namespaceExplicit) && !facts.workloads.some((w) => w.namespaceExplicit === false))) return facts;
  const renamed = new Map<ServiceAccountFact, ServiceAccountFact>();
  const serviceAccounts = facts.serviceAccounts.map((sa) => {
    if (sa.namespaceExplicit) return sa;
    const moved = { ...sa, namespace: given.namespace, namespaceFrom: given.from };
    renamed.set(sa, moved);
    return moved;
  });
  return {
    ...facts,
    serviceAccounts,
    references: facts.references.map((r) => (r.serviceAccount && renamed.has(r.serviceAccount) ? { ...r, serviceAccount: renamed.get(r.serviceAccount) } : r)),
    workloads: facts.workloads.map((w) => (w.namespaceExplicit === false ? { ...w, namespace: given.namespace } : w)),
  };
}
