import { hasTemplateReference, placeholderMessage, placeholderSpans } from '../catalog/placeholders';
import { isScalar, Scalar } from 'yaml';
import { editDistance } from '../catalog/suggest';
import { KubernetesFile } from '../parse/document';
import { POD_IDENTITY_ANNOTATION, PodIdentityAnnotations, scalarText } from '../parse/kubernetes';
import { stringValue, YamlEntry, YamlNode } from '../parse/yaml';
import { Finding } from './finding';
import { namespaceName, PLACEHOLDER, serviceAccountName, workloadServiceAccountName } from './kubernetesNames';
import { annotationsNotString, plainScalarType, tokenRange } from './kubernetesValues';
import { ROLE_ARN_FORM, roleArnProblem } from './roleArnFormat';

/**
 * Section J: ServiceAccounts, the workloads that use them and Helm values, as the API server and the
 * EKS pod identity webhook read them.
 */
export function checkKubernetes(file: KubernetesFile): Finding[] {
  // Helm templates are not YAML until rendered: what the API server will see is not in the file.
  if (file.yaml.isTemplate) return [];
  const findings: Finding[] = [];
  for (const account of file.serviceAccounts) {
    findings.push(
      ...serviceAccountName(account),
      ...namespaceName(account),
      ...annotationsNotString(account.annotations),
      ...annotationKeyTypos(account.annotations, SERVICE_ACCOUNT_KEYS),
      ...webhookValues(account.podIdentity),
    );
  }
  for (const workload of file.workloads) {
    findings.push(...namespaceName(workload), ...workloadServiceAccountName(workload), ...annotationsNotString(workload.annotations));
    if (workload.kind !== 'Pod') findings.push(...annotationsNotString(workload.podAnnotations));
    findings.push(...annotationKeyTypos(workload.podAnnotations, POD_KEYS), ...tokenExpiration(workload.podIdentity.tokenExpiration));
    findings.push(...workload.presetEnv.map(presetEnv));
  }
  // Values are rendered by the chart's own template, which may quote them: only the webhook's keys and values are checked.
  for (const values of file.helmValues) {
    findings.push(...annotationKeyTypos(values.annotations, SERVICE_ACCOUNT_KEYS), ...webhookValues(values.podIdentity));
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}

const WEBHOOK_KEYS: readonly string[] = Object.values(POD_IDENTITY_ANNOTATION);
/** What a misspelled key on a ServiceAccount (or in Helm values for one) was meant to be. */
const SERVICE_ACCOUNT_KEYS = [
  POD_IDENTITY_ANNOTATION.roleArn,
  POD_IDENTITY_ANNOTATION.audience,
  POD_IDENTITY_ANNOTATION.stsRegionalEndpoints,
  POD_IDENTITY_ANNOTATION.tokenExpiration,
];
/** The webhook reads only these on a pod. */
const POD_KEYS = [POD_IDENTITY_ANNOTATION.tokenExpiration, POD_IDENTITY_ANNOTATION.skipContainers];
const WEBHOOK_DOMAIN = 'eks.amazonaws.com';

/** The name part of a key, without separators or case: `Role_ARN` → `rolearn`. */
function squeezed(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}

/**
 * Whether a key's prefix (its DNS domain, before the first `/`) misspells the webhook's
 * `eks.amazonaws.com`: at most 3 edits (`eks.amazon.com`, `eks.amazonws.com`, `eks.amazonaws.com.cn`).
 * A domain that merely contains it or "amazon" (`testing.eks.amazonaws.com`, `amazonaws-tools.example.com`)
 * is another tool's: its keys are its own.
 */
function nearWebhookDomain(domain: string): boolean {
  return editDistance(domain, WEBHOOK_DOMAIN, 3) <= 3;
}

/**
 * The webhook key `key` misspells, if any: both its domain and its name must be near misses.
 * Under a near-miss domain, the name may be two edits away once separators and case are
 * ignored (`eks.amazonaws.com/Role_ARN`, `eks.amazon.com/role-arns`); with no domain at all, it
 * must be the webhook's name exactly (`role-arn`), and a bare `audience` may well be someone else's.
 * Other `eks.amazonaws.com/` annotations (`compute-type`, `nodegroup`...) are far from these names.
 */
function intendedWebhookKey(key: string, candidates: readonly string[]): string | undefined {
  if (WEBHOOK_KEYS.includes(key)) return undefined;
  const slash = key.indexOf('/');
  const domain = slash < 0 ? '' : key.slice(0, slash);
  const name = squeezed(key.slice(slash + 1));
  if (domain === '') {
    if (name === squeezed('audience')) return undefined;
    return candidates.find((candidate) => squeezed(candidate.slice(WEBHOOK_DOMAIN.length + 1)) === name);
  }
  if (!nearWebhookDomain(domain)) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name, squeezed(candidate.slice(WEBHOOK_DOMAIN.length + 1)), 2);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function annotationKeyTypos(annotations: readonly YamlEntry[], candidates: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const annotation of annotations) {
    const intended = intendedWebhookKey(annotation.key, candidates);
    if (!intended) continue;
    const effect = intended === POD_IDENTITY_ANNOTATION.roleArn ? ', so pods of this ServiceAccount get no IAM role' : '';
    findings.push({
      code: 'IRSA_ANNOTATION_KEY_TYPO',
      ...tokenRange(annotation.keyNode),
      message: `"${annotation.key}" is not an annotation the EKS pod identity webhook reads: did you mean "${intended}"? The webhook ignores it${effect}`,
      data: { replacements: [intended] },
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// The webhook's annotation values

function webhookValues(annotations: PodIdentityAnnotations): Finding[] {
  return [...roleArn(annotations.roleArn), ...tokenExpiration(annotations.tokenExpiration), ...stsRegionalEndpoints(annotations.stsRegionalEndpoints)];
}

/** A value the webhook parses: its text, unless it is empty, a placeholder, or not a scalar. */
function webhookValue(found: YamlEntry | undefined): { text: string; node: YamlNode } | undefined {
  const node = found?.valueNode;
  if (!node || !isScalar(node)) return undefined;
  const text = scalarText(node);
  if (text === undefined || text.trim() === '' || PLACEHOLDER.test(text)) return undefined;
  return { text, node };
}

/** A replacement for a value's token range: quoted when the token is a plain scalar that would not read as a string. */
function replacementFor(node: YamlNode, text: string): string {
  return (node as Scalar).type === 'PLAIN' && plainScalarType(text) !== 'string' ? JSON.stringify(text) : text;
}

const DEFAULT_TOKEN_EXPIRATION = 86400;
const MIN_TOKEN_EXPIRATION = 600;

function tokenExpiration(found: YamlEntry | undefined): Finding[] {
  const value = webhookValue(found);
  if (!value) return [];
  const { text, node } = value;
  const finding = (message: string, fixed?: number): Finding[] => [
    {
      code: 'IRSA_TOKEN_EXPIRATION',
      ...tokenRange(node),
      message,
      data: fixed === undefined ? undefined : { replacements: [replacementFor(node, String(fixed))] },
    },
  ];
  // The webhook parses it with strconv.ParseInt(value, 10, 64).
  if (!/^[-+]?\d+$/.test(text)) {
    const unit = /^(\d+)\s*(s|m|h)$/i.exec(text.trim());
    const seconds = unit ? Number(unit[1]) * { s: 1, m: 60, h: 3600 }[unit[2].toLowerCase() as 's' | 'm' | 'h'] : undefined;
    const fixed = seconds !== undefined && seconds >= MIN_TOKEN_EXPIRATION && seconds <= DEFAULT_TOKEN_EXPIRATION ? seconds : undefined;
    return finding(
      `eks.amazonaws.com/token-expiration "${text}" is not a whole number of seconds: the webhook ignores it and keeps the default lifetime (${DEFAULT_TOKEN_EXPIRATION} seconds unless set elsewhere)${fixed !== undefined ? `; did you mean ${fixed}?` : ''}`,
      fixed,
    );
  }
  const seconds = Number(text);
  if (seconds < MIN_TOKEN_EXPIRATION) {
    return finding(
      `eks.amazonaws.com/token-expiration ${text} is below ${MIN_TOKEN_EXPIRATION}: the webhook raises it to ${MIN_TOKEN_EXPIRATION} seconds (10 minutes), the shortest token lifetime`,
      MIN_TOKEN_EXPIRATION,
    );
  }
  if (seconds > DEFAULT_TOKEN_EXPIRATION) {
    return finding(
      `eks.amazonaws.com/token-expiration ${text} is above ${DEFAULT_TOKEN_EXPIRATION} seconds (24 hours), the webhook's default and longest usual lifetime: a leaked token stays valid longer, and the API server may cap it anyway`,
      DEFAULT_TOKEN_EXPIRATION,
    );
  }
  return [];
}

/** What Go's strconv.ParseBool accepts: the webhook parses the annotation with it. */
const PARSE_BOOL = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

function stsRegionalEndpoints(found: YamlEntry | undefined): Finding[] {
  const value = webhookValue(found);
  if (!value || PARSE_BOOL.has(value.text)) return [];
  const { text, node } = value;
  const word = text.trim().toLowerCase();
  const fixed = ['true', 'yes', 'y', 'on', 'enable', 'enabled', 'regional'].includes(word)
    ? 'true'
    : ['false', 'no', 'n', 'off', 'disable', 'disabled', 'legacy'].includes(word)
      ? 'false'
      : undefined;
  return [
    {
      code: 'IRSA_STS_REGIONAL_ENDPOINTS',
      ...tokenRange(node),
      message: `eks.amazonaws.com/sts-regional-endpoints "${text}" is not a boolean the webhook understands ("true" or "false"): it ignores the annotation and keeps its default${fixed ? `; did you mean "${fixed}"?` : ''}`,
      data: fixed ? { replacements: [replacementFor(node, fixed)] } : undefined,
    },
  ];
}

function presetEnv(name: YamlEntry): Finding {
  const variable = stringValue(name.valueNode) ?? name.key;
  return {
    code: 'IRSA_PRESET_ENV',
    ...tokenRange(name.valueNode ?? name.keyNode),
    message: `The container sets ${variable} itself: the EKS pod identity webhook then injects neither AWS_ROLE_ARN nor AWS_WEB_IDENTITY_TOKEN_FILE into it, so it does not get its ServiceAccount's role as set up by the webhook; remove the variable and let the webhook inject both`,
  };
}

// ---------------------------------------------------------------------------------------------
// Role ARNs

function roleArn(found: YamlEntry | undefined): Finding[] {
  const value = webhookValue(found);
  if (!value) return [];
  const { text, node } = value;
  // A template (`${ROLE_ARN}`, `$(ROLE_ARN)`, `{{ .Values.roleArn }}`) is filled in at deploy time: not an ARN yet.
  if (hasTemplateReference(text)) return [];
  // Placeholders left from a template (<ACCOUNT_ID>): one finding each, and no other.
  const spans = placeholderSpans(text, { shellVariables: false });
  if (spans.length) {
    const range = tokenRange(node);
    const at = range.end - range.start === text.length ? range.start : undefined;
    return spans.map((span) => ({
      code: 'PLACEHOLDER_VALUE' as const,
      ...(at === undefined ? range : { start: at + span.start, end: at + span.end }),
      message: placeholderMessage(text, span),
    }));
  }
  const problem = roleArnProblem(text);
  if (!problem) return [];
  const hint = problem.fixed ? `; did you mean "${problem.fixed}"?` : '';
  return [
    {
      code: 'IRSA_ROLE_ARN_FORMAT',
      ...tokenRange(node),
      message: `eks.amazonaws.com/role-arn ${JSON.stringify(text)} ${problem.reasons.join(', and ')}: the webhook injects it as is and AssumeRoleWithWebIdentity fails. Write the role's ARN, ${problem.write ?? ROLE_ARN_FORM}${hint}`,
      data: problem.fixed ? { replacements: [replacementFor(node, problem.fixed)] } : undefined,
    },
  ];
}
