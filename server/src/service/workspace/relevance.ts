import { isJsonLanguage, isYamlLanguage } from '../parse/document';
import { WORKLOAD_KINDS } from '../parse/kubernetes';
import { isKustomizationPath } from '../parse/kustomization';

/**
 * What a JSON file must spell somewhere to hold facts, whatever its case: a policy's `Principal` (or
 * `NotPrincipal`: a policy without one is an identity policy, which gives the workspace nothing), a
 * CloudFormation template's `Resources`, an IAM export's `Role`, `Roles` or `…DetailList`. A `\u`
 * escape may spell any of them.
 */
const JSON_MARKERS = /principal|resources|role|detaillist|\\u/i;

/**
 * What a YAML file must spell to hold facts, as the readers compare them: a ServiceAccount's `kind`,
 * a pod spec's `serviceAccountName` or a Helm values' `serviceAccount`, a workload's kind, a
 * CloudFormation template's `Resources`, an eksctl ClusterConfig's `apiVersion`. A double-quoted
 * scalar may spell any of them with escapes or join lines with `\`: any backslash lets the file through.
 */
const YAML_MARKERS = new RegExp(`[Ss]erviceAccount|Resources|eksctl\\.io|\\\\|\\b(?:${WORKLOAD_KINDS.join('|')})\\b`);

/**
 * Whether a file's raw text may hold facts (roles, ServiceAccounts, workloads, trust policies,
 * references): when not, no reader could find any, and the file need not be parsed to be indexed.
 * JSON and YAML only: a script or Terraform file is tested by its own reader before it is parsed.
 * A file whose kind a setting pins is always read (`asPolicy`).
 */
export function mayHoldFacts(uri: string, languageId: string, text: string): boolean {
  if (isJsonLanguage(languageId)) return JSON_MARKERS.test(text);
  if (isYamlLanguage(languageId)) return isKustomizationPath(uri) || YAML_MARKERS.test(text);
  return true;
}
