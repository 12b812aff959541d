import { ClusterFact } from '../facts';

/**
 * The cluster of a Pod Identity association as a file names it (`--cluster-name`, eksctl's
 * `metadata.name`, `cluster_name`, `ClusterName`), for the `eks-cluster-name` session tag; its ARN
 * (`eks-cluster-arn`) when the region is written too and the association's role ARN gives the
 * partition and account (an association's role is of the cluster's account).
 */
export function clusterOf(name: string | undefined, region: string | undefined, roleArn: string | undefined): { cluster?: ClusterFact } {
  if (!name) return {};
  const role = roleArn ? /^arn:([a-z-]+):iam::(\d{12}):role\//.exec(roleArn) : undefined;
  return { cluster: { name, ...(region && role ? { arn: `arn:${role[1]}:eks:${region}:${role[2]}:cluster/${name}` } : {}) } };
}
