/**
 * The request as the evaluator reads it: the action, the resource ARN and the context keys. Key names
 * are case-insensitive (IAM user guide, "Condition element"); values keep their case.
 */
export type ContextValue = string | readonly string[];

export interface AccessRequest {
  /** `service:Action`, compared without regard to case. */
  readonly action: string;
  /** The resource ARN (or `*` for actions without a resource type). */
  readonly resource: string;
  /** Context keys and their values; a multivalued key is an array. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /**
   * True (the default): a key absent from `context` is absent from the request. False (the editor):
   * a key it does not name is unknown (one given as `[]` is known absent), and an answer it would
   * decide is `depends` on it.
   */
  readonly complete?: boolean;
}

/** The request context with lower-cased key names; values as arrays, an empty array read as absent. */
export interface RequestContext {
  readonly complete: boolean;
  get(lowerKey: string): readonly string[] | undefined;
  /** A partial context that does not name the key (given as an empty array, a key is known to be absent). */
  unknown(lowerKey: string): boolean;
}

export function requestContext(context: Readonly<Record<string, ContextValue>> | undefined, complete: boolean): RequestContext {
  const values = new Map<string, readonly string[]>();
  const named = new Set<string>();
  for (const [key, value] of Object.entries(context ?? {})) {
    const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    named.add(key.toLowerCase());
    if (list.length) values.set(key.toLowerCase(), list);
  }
  return { complete, get: (lowerKey) => values.get(lowerKey), unknown: (lowerKey) => !complete && !named.has(lowerKey) };
}

/** The session tags EKS Pod Identity sets on the role session of a pod (DOMAIN.md, "EKS Pod Identity"). */
export const POD_IDENTITY_SESSION_TAGS = [
  'eks-cluster-arn',
  'eks-cluster-name',
  'kubernetes-namespace',
  'kubernetes-service-account',
  'kubernetes-pod-name',
  'kubernetes-pod-uid',
] as const;

export interface PodIdentityCluster {
  /** `arn:aws:eks:REGION:ACCOUNT:cluster/NAME`, when known. */
  readonly arn?: string;
  readonly name: string;
}

/**
 * The `aws:PrincipalTag/…` keys a pod of ServiceAccount `namespace/name` carries under EKS Pod
 * Identity. The pod's name and uid differ per pod: they are left out, so a condition on them depends.
 */
export function podIdentitySessionTags(cluster: PodIdentityCluster, namespace: string, name: string): Record<string, string> {
  const tags: Record<string, string> = {
    'aws:PrincipalTag/eks-cluster-name': cluster.name,
    'aws:PrincipalTag/kubernetes-namespace': namespace,
    'aws:PrincipalTag/kubernetes-service-account': name,
  };
  if (cluster.arn !== undefined) tags['aws:PrincipalTag/eks-cluster-arn'] = cluster.arn;
  return tags;
}
