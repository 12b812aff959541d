import { parseJson, ParsedJson } from './json';
import {
  findHelmServiceAccountValues,
  findServiceAccounts,
  findWorkloads,
  hasPodIdentityAnnotations,
  HelmRoleArn,
  helmRoleArns,
  HelmServiceAccountValues,
  ServiceAccountManifest,
  WorkloadManifest,
} from './kubernetes';
import { isOversize, Oversize, topLevelKeys } from './sizeLimits';
import { buildPolicy, isPolicyMarker, looksLikePolicy, Policy } from './policy';
import { parseYaml, ParsedYaml } from './yaml';

export interface PolicyFile {
  readonly kind: 'policy';
  readonly text: string;
  readonly json: ParsedJson;
  readonly policy: Policy;
}

export interface KubernetesFile {
  readonly kind: 'kubernetes';
  readonly text: string;
  readonly yaml: ParsedYaml;
  readonly serviceAccounts: readonly ServiceAccountManifest[];
  readonly workloads: readonly WorkloadManifest[];
  /** `serviceAccount.annotations` of Helm values that hold (or misspell) the webhook's annotations. */
  readonly helmValues: readonly HelmServiceAccountValues[];
  /** The `eks.amazonaws.com/role-arn` entries of `helmValues`. */
  readonly helmRoleArns: readonly HelmRoleArn[];
}

/**
 * Not a policy nor a manifest: maybe a role-definition source (a CloudFormation template, an
 * eksctl config, an IAM export, a script, Terraform), which the workspace layer recognizes from the
 * parse kept here; else none of ours (package.json, a Chart.yaml), and it gets nothing.
 */
export interface OtherFile {
  readonly kind: 'other';
  readonly json?: ParsedJson;
  readonly yaml?: ParsedYaml;
  /** Too large to parse: nothing is read from it. */
  readonly oversize?: Oversize;
}

export type ParsedDocument = PolicyFile | KubernetesFile | OtherFile;

const OTHER: OtherFile = { kind: 'other' };

/** Below this length a JSON text is parsed whatever it holds: an empty or new file may be becoming a policy (snippets, completion). */
const UNREAD_JSON_LENGTH = 64 * 1024;

/**
 * What a policy (`Version`; its `Statement` may have any case, tested apart), a CloudFormation template
 * (`Resources`) and an IAM export (`Role`, `Roles`, `…DetailList`) hold as keys; `\u` escapes may spell any of them.
 */
const MAYBE_IAM_JSON = /"Version"|"Resources"|"Roles?"|DetailList"|\\u/;

export function isJsonLanguage(languageId: string): boolean {
  return languageId === 'json' || languageId === 'jsonc';
}

export function isYamlLanguage(languageId: string): boolean {
  return languageId === 'yaml';
}

/**
 * Parses once and decides by content what the document is. `asPolicy` (a pinned policy kind) makes
 * any JSON object a policy, whatever its keys.
 */
export function parseDocument(text: string, languageId: string, asPolicy = false): ParsedDocument {
  if (isOversize(text)) {
    const policyLike = isJsonLanguage(languageId) && (asPolicy || topLevelKeys(text).some(({ key, value }) => isPolicyMarker(key, value)));
    return { kind: 'other', oversize: { length: text.length, policyLike } };
  }
  if (isJsonLanguage(languageId)) {
    // A large JSON text that names none of our top-level keys (a data file, a lock file) is no policy or
    // template: recognised from its raw text, without building (and keeping) a tree of it.
    if (!asPolicy && text.length > UNREAD_JSON_LENGTH && !MAYBE_IAM_JSON.test(text) && !/statement/i.test(text)) return OTHER;
    const json = parseJson(text);
    if (json.root?.type !== 'object' || !(asPolicy || looksLikePolicy(json.root))) return { kind: 'other', json };
    return { kind: 'policy', text, json, policy: buildPolicy(json.root) };
  }
  if (isYamlLanguage(languageId)) {
    const yaml = parseYaml(text);
    const serviceAccounts = findServiceAccounts(yaml);
    const workloads = findWorkloads(yaml);
    const helmValues = findHelmServiceAccountValues(yaml).filter(hasPodIdentityAnnotations);
    if (serviceAccounts.length === 0 && workloads.length === 0 && helmValues.length === 0) return { kind: 'other', yaml };
    return { kind: 'kubernetes', text, yaml, serviceAccounts, workloads, helmValues, helmRoleArns: helmRoleArns(helmValues) };
  }
  return OTHER;
}
