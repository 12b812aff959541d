import { FileFacts } from '../../workspace/facts';
import { Located, WorkspaceIndex } from '../../workspace/index';
import { OffsetRange } from '../../parse/range';
import { targetsAt } from '../navigation/targets';

/** A ServiceAccount as the permission features name it. */
export interface ServiceAccountName {
  readonly namespace: string;
  readonly name: string;
  /** The manifest it is read from: only that file's role annotation counts (workspace/permissions.ts). */
  readonly manifest?: string;
}

/**
 * The ServiceAccount a cursor is on, for the permission features: a manifest's `metadata.name`, its
 * `eks.amazonaws.com/role-arn` value, a Pod Identity association's ServiceAccount or role ARN. Helm
 * values name no ServiceAccount; a workload's `serviceAccountName` is the ServiceAccount it runs as.
 */
export function serviceAccountAt(facts: FileFacts, offset: number, uri: string): (ServiceAccountName & { readonly range: OffsetRange }) | undefined {
  for (const target of targetsAt(facts, offset)) {
    switch (target.kind) {
      case 'service-account':
        return { namespace: target.serviceAccount.namespace, name: target.serviceAccount.name, manifest: uri, range: target.range };
      case 'service-account-use':
        return { namespace: target.use.namespace, name: target.use.name, range: target.range };
      case 'role-reference': {
        const sa = target.reference.serviceAccount;
        // A role annotation is in the ServiceAccount's own manifest; an association names it from elsewhere.
        if (target.reference.kind === 'irsa' && sa) return { namespace: sa.namespace, name: sa.name, manifest: uri, range: target.range };
        if (target.reference.kind !== 'helm' && sa) return { namespace: sa.namespace, name: sa.name, range: target.range };
      }
    }
  }
  return undefined;
}

/**
 * Every ServiceAccount of the workspace, once each by `namespace/name`, sorted: those a manifest
 * defines (where), then those only an annotation elsewhere or a Pod Identity association names.
 */
export function serviceAccountsOf(index: WorkspaceIndex): Located<ServiceAccountName & { readonly range: OffsetRange }>[] {
  const found = new Map<string, Located<ServiceAccountName & { readonly range: OffsetRange }>>();
  // Manifests first, so that the place given is the first manifest's (files in URI order); else the first mention.
  const add = (uri: string, sa: ServiceAccountName & { readonly range: OffsetRange }) => {
    const key = `${sa.namespace}/${sa.name}`;
    if (!found.has(key)) found.set(key, { uri, fact: { namespace: sa.namespace, name: sa.name, range: sa.range } });
  };
  const files = [...index.all()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  for (const file of files) for (const sa of file.facts.serviceAccounts) add(file.uri, sa);
  for (const file of files)
    for (const reference of file.facts.references) if (reference.kind !== 'helm' && reference.serviceAccount) add(file.uri, reference.serviceAccount);
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, sa]) => sa);
}
