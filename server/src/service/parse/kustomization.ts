import { isMap, isSeq, YAMLSeq } from 'yaml';
import { OffsetRange } from './range';
import { entry, nodeRange, ParsedYaml, stringValue, YamlNode } from './yaml';

/** The file names `kustomize build` looks for in a folder. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** What iam-irsa reads of a `kustomization.yaml`: its `namespace:` and the paths it lists under `resources:` (and the older `bases:`). */
export interface KustomizationFile {
  readonly namespace?: { readonly value: string; readonly range: OffsetRange };
  readonly resources: readonly { readonly path: string; readonly range: OffsetRange }[];
}

/** Whether a path or URI names a kustomization file. */
export function isKustomizationPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(name);
}

/** The kustomization of the file's first document; undefined when it is not a mapping. */
export function readKustomization(yaml: ParsedYaml): KustomizationFile | undefined {
  const root = yaml.documents[0]?.contents as YamlNode | null | undefined;
  if (!isMap(root)) return undefined;
  const namespaceNode = entry(root, 'namespace')?.valueNode;
  const namespace = stringValue(namespaceNode);
  const resources: { path: string; range: OffsetRange }[] = [];
  for (const key of ['resources', 'bases']) {
    const list = entry(root, key)?.valueNode;
    if (!isSeq(list)) continue;
    for (const item of (list as YAMLSeq<YamlNode>).items) {
      const path = stringValue(item);
      if (path) resources.push({ path, range: nodeRange(item) });
    }
  }
  return { ...(namespace && namespaceNode ? { namespace: { value: namespace, range: nodeRange(namespaceNode) } } : {}), resources };
}
