import { isSeq, YAMLSeq } from 'yaml';
import { entries, entry, ParsedYaml, stringValue, YamlEntry, YamlNode } from './yaml';

/** One `kind: ServiceAccount` object: a whole document or an item of a `kind: List`. */
export interface ServiceAccountManifest {
  readonly node: YamlNode;
  readonly documentIndex: number;
  readonly kindEntry: YamlEntry;
  readonly nameEntry: YamlEntry | undefined;
  readonly name: string | undefined;
  /** Absent in the manifest: it lands in `default` unless kubectl -n, Helm or Kustomize say otherwise. */
  readonly namespaceEntry: YamlEntry | undefined;
  readonly namespace: string;
  readonly annotations: readonly YamlEntry[];
}

/** Content-based discovery: the ServiceAccounts of a YAML file, in documents and in `kind: List` items. */
export function findServiceAccounts(yaml: ParsedYaml): ServiceAccountManifest[] {
  const result: ServiceAccountManifest[] = [];
  yaml.documents.forEach((doc, documentIndex) => {
    const contents = doc.contents as YamlNode | null;
    for (const object of kubernetesObjects(contents)) {
      const kindEntry = entry(object, 'kind');
      if (kindEntry && stringValue(kindEntry.valueNode) === 'ServiceAccount') {
        result.push(serviceAccount(object, kindEntry, documentIndex));
      }
    }
  });
  return result;
}

function* kubernetesObjects(node: YamlNode | null): Generator<YamlNode> {
  if (!node) return;
  yield node;
  if (stringValue(entry(node, 'kind')?.valueNode) === 'List') {
    const items = entry(node, 'items')?.valueNode;
    if (isSeq(items)) {
      for (const item of (items as YAMLSeq<YamlNode>).items) yield item;
    }
  }
}

function serviceAccount(node: YamlNode, kindEntry: YamlEntry, documentIndex: number): ServiceAccountManifest {
  const metadata = entry(node, 'metadata')?.valueNode ?? null;
  const nameEntry = entry(metadata, 'name');
  const namespaceEntry = entry(metadata, 'namespace');
  return {
    node,
    documentIndex,
    kindEntry,
    nameEntry,
    name: stringValue(nameEntry?.valueNode),
    namespaceEntry,
    namespace: stringValue(namespaceEntry?.valueNode) ?? 'default',
    annotations: entries(entry(metadata, 'annotations')?.valueNode),
  };
}
