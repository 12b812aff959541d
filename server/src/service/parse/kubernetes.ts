import { isMap, isScalar, isSeq, Scalar, YAMLSeq } from 'yaml';
import { entries, entry, ParsedYaml, stringValue, YamlEntry, YamlNode } from './yaml';

/** The annotations the EKS pod identity webhook reads (its default `--annotation-prefix`). */
export const POD_IDENTITY_ANNOTATION = {
  roleArn: 'eks.amazonaws.com/role-arn',
  audience: 'eks.amazonaws.com/audience',
  stsRegionalEndpoints: 'eks.amazonaws.com/sts-regional-endpoints',
  tokenExpiration: 'eks.amazonaws.com/token-expiration',
  skipContainers: 'eks.amazonaws.com/skip-containers',
  endpointUrl: 'eks.amazonaws.com/endpoint-url',
} as const;

/** Each webhook annotation present in one annotations mapping (the last one when a key is repeated, as the API server reads it). */
export interface PodIdentityAnnotations {
  readonly roleArn?: YamlEntry;
  readonly audience?: YamlEntry;
  readonly stsRegionalEndpoints?: YamlEntry;
  readonly tokenExpiration?: YamlEntry;
  /** Read on Pods (and pod templates) only. */
  readonly skipContainers?: YamlEntry;
  readonly endpointUrl?: YamlEntry;
}

/** What every object of ours has: where it is, its kind and its metadata. */
export interface KubernetesObject {
  readonly node: YamlNode;
  readonly documentIndex: number;
  readonly kindEntry: YamlEntry;
  readonly metadataEntry: YamlEntry | undefined;
  readonly nameEntry: YamlEntry | undefined;
  readonly name: string | undefined;
  /** Absent in the manifest: it lands in `default` unless kubectl -n, Helm or Kustomize say otherwise. */
  readonly namespaceEntry: YamlEntry | undefined;
  readonly namespace: string;
  /** The manifest names its namespace; when false, `namespace` is the `default` it lands in without -n. */
  readonly namespaceExplicit: boolean;
  /** `metadata.annotations` of the object itself. */
  readonly annotations: readonly YamlEntry[];
}

/** One `kind: ServiceAccount` object: a whole document or an item of a `kind: List`. */
export interface ServiceAccountManifest extends KubernetesObject {
  readonly podIdentity: PodIdentityAnnotations;
  /** The `eks.amazonaws.com/role-arn` value when it is a string, as written. */
  readonly roleArn: string | undefined;
}

export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The env vars the webhook injects itself; a container that sets one is left alone. */
export const WEBHOOK_ENV = ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE'] as const;

/** A Pod or an object that creates pods from a template. */
export interface WorkloadManifest extends KubernetesObject {
  readonly kind: WorkloadKind;
  /** `spec.serviceAccountName` (or the deprecated `spec.serviceAccount`) of the pod spec; `default` when absent or empty. */
  readonly serviceAccountName: string;
  readonly serviceAccountEntry: YamlEntry | undefined;
  /** The pod spec mapping: `spec` of a Pod, `spec.template.spec` of the others, one level deeper for a CronJob. */
  readonly podSpec: YamlNode | undefined;
  /** The pods' annotations: `metadata.annotations` of a Pod, the pod template's for the others. */
  readonly podAnnotations: readonly YamlEntry[];
  /** Webhook annotations among `podAnnotations` (token-expiration and skip-containers act on pods). */
  readonly podIdentity: PodIdentityAnnotations;
  /** The `name` entries of env vars AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE in containers and initContainers the webhook has not mutated already. */
  readonly presetEnv: readonly YamlEntry[];
}

/** A `serviceAccount` mapping with `annotations` in a Helm values document (top level or under a subchart key). */
export interface HelmServiceAccountValues {
  readonly documentIndex: number;
  /** The keys from the document's top down to `serviceAccount`: `['serviceAccount']`, `['external-dns', 'serviceAccount']`. */
  readonly path: readonly string[];
  /** The `serviceAccount` mapping. */
  readonly node: YamlNode;
  readonly annotationsEntry: YamlEntry;
  readonly annotations: readonly YamlEntry[];
  readonly podIdentity: PodIdentityAnnotations;
}

/** An `eks.amazonaws.com/role-arn` in Helm values: its ServiceAccount's name and namespace are decided at install time. */
export interface HelmRoleArn {
  readonly documentIndex: number;
  /** As in `HelmServiceAccountValues.path`. */
  readonly path: readonly string[];
  readonly entry: YamlEntry;
  /** The value when it is a string, as written. */
  readonly value: string | undefined;
}

/** A well-formed IAM role ARN, split. */
export interface RoleArn {
  readonly partition: string;
  readonly account: string;
  /** `/` or `/team/`. */
  readonly path: string;
  readonly name: string;
}

/** Content-based discovery: the ServiceAccounts of a YAML file, in documents and in `kind: List` items. */
export function findServiceAccounts(yaml: ParsedYaml): ServiceAccountManifest[] {
  const result: ServiceAccountManifest[] = [];
  for (const { object, kindEntry, kind, documentIndex } of kubernetesObjects(yaml)) {
    if (kind !== 'ServiceAccount') continue;
    const base = objectBase(object, kindEntry, documentIndex);
    const podIdentity = podIdentityAnnotations(base.annotations);
    result.push({ ...base, podIdentity, roleArn: stringValue(podIdentity.roleArn?.valueNode) });
  }
  return result;
}

/** Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs, in documents and in `kind: List` items. */
export function findWorkloads(yaml: ParsedYaml): WorkloadManifest[] {
  const result: WorkloadManifest[] = [];
  for (const { object, kindEntry, kind, documentIndex } of kubernetesObjects(yaml)) {
    if (!isWorkloadKind(kind)) continue;
    const base = objectBase(object, kindEntry, documentIndex);
    const template = podTemplate(object, kind);
    const podSpec = entry(template, 'spec')?.valueNode ?? undefined;
    const podAnnotations = kind === 'Pod' ? base.annotations : entries(entry(entry(template, 'metadata')?.valueNode, 'annotations')?.valueNode);
    // Kubernetes reads the deprecated `serviceAccount` only when `serviceAccountName` is empty.
    const named = entry(podSpec, 'serviceAccountName');
    const serviceAccountEntry = stringValue(named?.valueNode) ? named : (entry(podSpec, 'serviceAccount') ?? named);
    result.push({
      ...base,
      kind,
      serviceAccountName: stringValue(serviceAccountEntry?.valueNode) || 'default',
      serviceAccountEntry,
      podSpec,
      podAnnotations,
      podIdentity: podIdentityAnnotations(podAnnotations),
      presetEnv: presetEnv(podSpec),
    });
  }
  return result;
}

/**
 * The `serviceAccount.annotations` mappings of Helm values: documents that are not Kubernetes objects
 * (no `kind`, no `apiVersion`), at the top level or nested under subchart keys.
 */
export function findHelmServiceAccountValues(yaml: ParsedYaml): HelmServiceAccountValues[] {
  const result: HelmServiceAccountValues[] = [];
  yaml.documents.forEach((doc, documentIndex) => {
    const contents = doc.contents as YamlNode | null;
    if (!isMap(contents) || entry(contents, 'kind') || entry(contents, 'apiVersion')) return;
    collectHelmValues(contents, [], documentIndex, result);
  });
  return result;
}

/** Every `eks.amazonaws.com/role-arn` of the file's Helm values. */
export function findHelmRoleArns(yaml: ParsedYaml): HelmRoleArn[] {
  return helmRoleArns(findHelmServiceAccountValues(yaml));
}

/** The `eks.amazonaws.com/role-arn` entries of Helm values already found. */
export function helmRoleArns(values: readonly HelmServiceAccountValues[]): HelmRoleArn[] {
  return values.flatMap(({ documentIndex, path, podIdentity }) => {
    const found = podIdentity.roleArn;
    return found ? [{ documentIndex, path, entry: found, value: stringValue(found.valueNode) }] : [];
  });
}

/** Helm values matter to us only when their ServiceAccount annotations look like the webhook's (typos included). */
export function hasPodIdentityAnnotations(values: HelmServiceAccountValues): boolean {
  return values.annotations.some((a) => /amazon|^eks\./i.test(a.key));
}

/** The webhook annotations among `annotations`. */
export function podIdentityAnnotations(annotations: readonly YamlEntry[]): PodIdentityAnnotations {
  const result: Record<string, YamlEntry> = {};
  for (const [field, key] of Object.entries(POD_IDENTITY_ANNOTATION)) {
    const found = annotations.filter((a) => a.key === key).pop();
    if (found) result[field] = found;
  }
  return result as PodIdentityAnnotations;
}

/** An IAM role name: 1 to 64 of these characters. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** An IAM path: `/` or `/…/` of printable ASCII (512 characters at most, checked apart). */
export const ROLE_PATH = /^\/(?:[\x21-\x7e]*\/)?$/;

/** `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` split into its parts; undefined for anything else (the partition is not checked). */
export function parseRoleArn(text: string): RoleArn | undefined {
  const match = /^arn:([^:]+):iam::(\d{12}):role(\/.*)$/.exec(text);
  if (!match) return undefined;
  const [, partition, account, rest] = match;
  const slash = rest.lastIndexOf('/');
  const path = rest.slice(0, slash + 1);
  const name = rest.slice(slash + 1);
  if (!ROLE_NAME.test(name) || path.length > 512 || !ROLE_PATH.test(path)) return undefined;
  return { partition, account, path, name };
}

/**
 * A scalar's text as the API server gets it: a string as written, a number or boolean as its
 * source text, empty for null; undefined for mappings, sequences and aliases.
 */
export function scalarText(node: YamlNode | null | undefined): string | undefined {
  if (!node) return '';
  if (!isScalar(node)) return undefined;
  const scalar = node as Scalar;
  if (typeof scalar.value === 'string') return scalar.value;
  if (scalar.value === null || scalar.value === undefined) return '';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a parsed scalar has its source; a value is a number or boolean
  return scalar.source ?? String(scalar.value);
}

interface FoundObject {
  readonly object: YamlNode;
  readonly kindEntry: YamlEntry;
  readonly kind: string;
  readonly documentIndex: number;
}

function* kubernetesObjects(yaml: ParsedYaml): Generator<FoundObject> {
  for (let documentIndex = 0; documentIndex < yaml.documents.length; documentIndex++) {
    const contents = yaml.documents[documentIndex].contents as YamlNode | null;
    if (!contents) continue;
    const candidates: YamlNode[] = [contents];
    if (stringValue(entry(contents, 'kind')?.valueNode) === 'List') {
      const items = entry(contents, 'items')?.valueNode;
      if (isSeq(items)) candidates.push(...(items as YAMLSeq<YamlNode>).items);
    }
    for (const object of candidates) {
      const kindEntry = entry(object, 'kind');
      const kind = stringValue(kindEntry?.valueNode);
      if (kindEntry && kind) yield { object, kindEntry, kind, documentIndex };
    }
  }
}

function objectBase(node: YamlNode, kindEntry: YamlEntry, documentIndex: number): KubernetesObject {
  const metadataEntry = entry(node, 'metadata');
  const metadata = metadataEntry?.valueNode ?? null;
  const nameEntry = entry(metadata, 'name');
  const namespaceEntry = entry(metadata, 'namespace');
  const namespace = stringValue(namespaceEntry?.valueNode);
  return {
    node,
    documentIndex,
    kindEntry,
    metadataEntry,
    nameEntry,
    name: stringValue(nameEntry?.valueNode),
    namespaceEntry,
    namespace: namespace || 'default',
    namespaceExplicit: !!namespace,
    annotations: entries(entry(metadata, 'annotations')?.valueNode),
  };
}

function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/** The mapping that holds the pod `spec` (and, but for a Pod, the pod template's `metadata`). */
function podTemplate(object: YamlNode, kind: WorkloadKind): YamlNode | null | undefined {
  if (kind === 'Pod') return object;
  let spec = entry(object, 'spec')?.valueNode;
  if (kind === 'CronJob') spec = entry(entry(spec, 'jobTemplate')?.valueNode, 'spec')?.valueNode;
  return entry(spec, 'template')?.valueNode;
}

/** Where the webhook mounts the projected token (its volume is `aws-iam-token`) in each container it mutates. */
const WEBHOOK_TOKEN_MOUNT_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount';

/**
 * The `name` entries of AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE set in containers and init
 * containers, but for containers the webhook has already mutated (a pod as `kubectl get pod -o yaml`
 * shows it): those set both, the token file under the mount path of a projected service account
 * token volume with an audience, mounted where the webhook mounts it.
 */
function presetEnv(podSpec: YamlNode | undefined): YamlEntry[] {
  const result: YamlEntry[] = [];
  const tokenVolumes = projectedTokenVolumes(podSpec);
  for (const list of ['initContainers', 'containers']) {
    for (const container of seqItems(entry(podSpec, list)?.valueNode)) {
      const names: YamlEntry[] = [];
      const values = new Map<string, string | undefined>();
      for (const variable of seqItems(entry(container, 'env')?.valueNode)) {
        const name = entry(variable, 'name');
        const value = stringValue(name?.valueNode);
        if (!name || !value || !(WEBHOOK_ENV as readonly string[]).includes(value)) continue;
        names.push(name);
        values.set(value, stringValue(entry(variable, 'value')?.valueNode));
      }
      if (names.length && !mutatedByWebhook(container, values, tokenVolumes)) result.push(...names);
    }
  }
  return result;
}

/** The names of the pod's volumes that project a service account token with an audience. */
function projectedTokenVolumes(podSpec: YamlNode | undefined): Set<string> {
  const names = new Set<string>();
  for (const volume of seqItems(entry(podSpec, 'volumes')?.valueNode)) {
    const name = stringValue(entry(volume, 'name')?.valueNode);
    const sources = seqItems(entry(entry(volume, 'projected')?.valueNode, 'sources')?.valueNode);
    const token = sources.some((source) => stringValue(entry(entry(source, 'serviceAccountToken')?.valueNode, 'audience')?.valueNode));
    if (name && token) names.add(name);
  }
  return names;
}

function mutatedByWebhook(container: YamlNode, values: Map<string, string | undefined>, tokenVolumes: Set<string>): boolean {
  const roleArn = values.get('AWS_ROLE_ARN');
  const tokenFile = values.get('AWS_WEB_IDENTITY_TOKEN_FILE');
  if (!roleArn || !tokenFile?.startsWith(`${WEBHOOK_TOKEN_MOUNT_PATH}/`)) return false;
  return seqItems(entry(container, 'volumeMounts')?.valueNode).some((mount) => {
    const path = stringValue(entry(mount, 'mountPath')?.valueNode)?.replace(/\/+$/, '');
    const volume = stringValue(entry(mount, 'name')?.valueNode);
    return path === WEBHOOK_TOKEN_MOUNT_PATH && volume !== undefined && tokenVolumes.has(volume);
  });
}

function seqItems(node: YamlNode | null | undefined): YamlNode[] {
  return isSeq(node) ? (node as YAMLSeq<YamlNode>).items : [];
}

/** Values files nest subcharts a few levels deep at most; the bound keeps a hostile file cheap. */
const MAX_VALUES_DEPTH = 12;

function collectHelmValues(map: YamlNode, path: string[], documentIndex: number, result: HelmServiceAccountValues[]): void {
  if (path.length >= MAX_VALUES_DEPTH) return;
  for (const item of entries(map)) {
    if (!isMap(item.valueNode)) continue;
    const here = [...path, item.key];
    if (item.key === 'serviceAccount') {
      const annotationsEntry = entry(item.valueNode, 'annotations');
      if (annotationsEntry && isMap(annotationsEntry.valueNode)) {
        const annotations = entries(annotationsEntry.valueNode);
        result.push({ documentIndex, path: here, node: item.valueNode, annotationsEntry, annotations, podIdentity: podIdentityAnnotations(annotations) });
      }
    }
    collectHelmValues(item.valueNode, here, documentIndex, result);
  }
}
