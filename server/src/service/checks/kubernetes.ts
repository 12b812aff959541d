import { isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml';
import { editDistance } from '../catalog/suggest';
import { KubernetesFile } from '../parse/document';
import { KubernetesObject, POD_IDENTITY_ANNOTATION, PodIdentityAnnotations, scalarText, ServiceAccountManifest, WorkloadManifest } from '../parse/kubernetes';
import { OffsetRange } from '../parse/range';
import { entry, nodeRange, stringValue, YamlEntry, YamlNode } from '../parse/yaml';
import { Finding } from './finding';
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

/** Helm (`{{ }}`), envsubst and Kustomize (`${ }`, `$( )`) fill these in before the API server sees the value. */
const PLACEHOLDER = /\$\{|\{\{|\$\(/;

// ---------------------------------------------------------------------------------------------
// Names

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface NameRule {
  readonly max: number;
  readonly pattern: RegExp;
  readonly allowed: RegExp;
  readonly what: string;
}

const SUBDOMAIN: NameRule = {
  max: 253,
  pattern: DNS_SUBDOMAIN,
  allowed: /[^a-z0-9.-]/,
  what: 'a DNS-1123 subdomain (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)',
};
const LABEL: NameRule = {
  max: 63,
  pattern: DNS_LABEL,
  allowed: /[^a-z0-9-]/,
  what: 'a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
};

/** The length is checked first: it also bounds the regular expression's work. */
function fits(text: string, rule: NameRule): boolean {
  return text.length <= rule.max && rule.pattern.test(text);
}

function nameReason(text: string, rule: NameRule): string {
  if (text.length > rule.max) return `is ${text.length} characters long`;
  if (/[A-Z]/.test(text)) return 'has upper-case letters';
  const bad = rule.allowed.exec(text);
  if (bad) return bad[0] === '_' ? 'has underscores' : bad[0] === ' ' ? 'has spaces' : `has "${bad[0]}"`;
  return 'does not start and end with a letter or digit';
}

/** The obvious repair: lower case, `_` and spaces as `-`. */
function repairedName(text: string, rule: NameRule): string | undefined {
  const fixed = text
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, '-');
  return fixed !== text && fits(fixed, rule) ? fixed : undefined;
}

/** Which name a finding is about, for its message. */
interface NameSubject {
  readonly code: Finding['code'];
  readonly rule: NameRule;
  /** `ServiceAccount name "x"`, `serviceAccountName "x"`, `Namespace "x"`. */
  readonly label: string;
  /** What the value must be, as a sentence's subject: `it`, `a ServiceAccount name`. */
  readonly mustBe: string;
  /** `the API server rejects it`. */
  readonly effect: string;
}

/**
 * A name or namespace value: a string that breaks the rule, or a number or boolean (the field is a
 * string). Empty values and placeholders are not judged here.
 */
function nameFinding(found: YamlEntry, subject: NameSubject): Finding[] {
  const { code, rule, label, mustBe, effect } = subject;
  const node = found.valueNode;
  if (!node || isAlias(node)) return [];
  if (!isScalar(node)) return [{ code, ...tokenRange(found.keyNode), message: `${label} is not a string: ${effect}` }];
  const text = scalarText(node) ?? '';
  if (text === '' || PLACEHOLDER.test(text)) return [];
  const type = yaml11Type(node);
  if (type !== 'string') {
    const quoted = JSON.stringify(text);
    return [
      {
        code,
        ...tokenRange(node),
        message: `${label} is a YAML ${type}, not a string: ${effect}; quote it: ${quoted}`,
        data: fits(text, rule) ? { replacements: [quoted] } : undefined,
      },
    ];
  }
  if (fits(text, rule)) return [];
  const fixed = repairedName(text, rule);
  const hint = fixed ? `; did you mean "${fixed}"?` : '';
  return [
    {
      code,
      ...tokenRange(node),
      message: `${label} ${nameReason(text, rule)}: ${mustBe} must be ${rule.what}, or ${effect}${hint}`,
      data: fixed ? { replacements: [fixed] } : undefined,
    },
  ];
}

function serviceAccountName(account: ServiceAccountManifest): Finding[] {
  const metadata = account.metadataEntry?.valueNode;
  if (!account.nameEntry) {
    if (stringValue(entry(metadata, 'generateName')?.valueNode)) return [];
    const at = account.metadataEntry ? tokenRange(account.metadataEntry.keyNode) : tokenRange(account.kindEntry.valueNode ?? account.kindEntry.keyNode);
    return [{ code: 'K8S_SA_NAME', ...at, message: 'The ServiceAccount has no metadata.name: the API server rejects an object without a name' }];
  }
  if ((scalarText(account.nameEntry.valueNode) ?? 'x') === '') {
    return [
      {
        code: 'K8S_SA_NAME',
        ...tokenRange(account.nameEntry.keyNode),
        message: 'The ServiceAccount name is empty: the API server rejects an object without a name',
      },
    ];
  }
  const label = `ServiceAccount name ${shown(account.nameEntry)}`;
  return nameFinding(account.nameEntry, { code: 'K8S_SA_NAME', rule: SUBDOMAIN, label, mustBe: 'it', effect: 'the API server rejects the ServiceAccount' });
}

function workloadServiceAccountName(workload: WorkloadManifest): Finding[] {
  const found = workload.serviceAccountEntry;
  if (!found) return [];
  const label = `${found.key} ${shown(found)}`;
  return nameFinding(found, {
    code: 'K8S_SA_NAME',
    rule: SUBDOMAIN,
    label,
    mustBe: 'a ServiceAccount name',
    effect: `the API server rejects the ${workload.kind}`,
  });
}

function namespaceName(object: KubernetesObject): Finding[] {
  const found = object.namespaceEntry;
  if (!found) return [];
  const kind = stringValue(object.kindEntry.valueNode) ?? 'object';
  return nameFinding(found, {
    code: 'K8S_NAMESPACE_NAME',
    rule: LABEL,
    label: `Namespace ${shown(found)}`,
    mustBe: 'it',
    effect: `the API server rejects the ${kind}`,
  });
}

function shown(found: YamlEntry | undefined): string {
  return JSON.stringify(scalarText(found?.valueNode) ?? '');
}

// ---------------------------------------------------------------------------------------------
// Annotation values and keys

type Yaml11Type = 'string' | 'boolean' | 'number' | 'null';

/** Kubernetes reads YAML with go-yaml v2 (YAML 1.1): `yes`, `on`, `off`, `y`, `n` are booleans there too. */
const YAML11_BOOLEAN = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML11_NULL = /^(?:~|null|Null|NULL|)$/;
const YAML11_INT = /^[-+]?(?:0[bB][01]+|0[oO]?[0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)$/;
const YAML11_FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const STRING_TAG = 'tag:yaml.org,2002:str';

/** What a scalar is to the API server's YAML reader (go-yaml v2, YAML 1.1), judged from its source. */
function yaml11Type(node: YamlNode): Yaml11Type {
  const scalar = node as Scalar;
  if (scalar.tag) return scalar.tag === STRING_TAG || scalar.tag === '!!str' ? 'string' : typeOfValue(scalar.value);
  if (scalar.type !== 'PLAIN') return 'string';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a parsed scalar has its source; a value is a primitive
  return plainScalarType(scalar.source ?? String(scalar.value ?? ''));
}

/** go-yaml v2's resolution of an untagged plain scalar. */
function plainScalarType(source: string): Yaml11Type {
  if (YAML11_NULL.test(source)) return 'null';
  if (YAML11_BOOLEAN.test(source)) return 'boolean';
  const plain = source.replace(/_/g, '');
  if (/^[-+.0-9]/.test(source) && (YAML11_INT.test(plain) || YAML11_FLOAT.test(plain))) return 'number';
  return 'string';
}

function typeOfValue(value: unknown): Yaml11Type {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  return 'string';
}

/** What a non-string annotation value does (kubernetes #60843, #129176). */
const NOT_STRING_EFFECT =
  'annotations are map[string]string: the API server rejects the object, and client-side kubectl apply may instead drop every annotation of the object';
const NULL_EFFECT = 'kubectl apply before 1.33 drops every annotation of the object, later versions store an empty string';

function annotationsNotString(annotations: readonly YamlEntry[]): Finding[] {
  const findings: Finding[] = [];
  for (const annotation of annotations) {
    const node = annotation.valueNode;
    if (node && (isMap(node) || isSeq(node))) {
      findings.push({
        code: 'K8S_ANNOTATION_NOT_STRING',
        ...tokenRange(annotation.keyNode),
        message: `The value of annotation "${annotation.key}" is a ${isMap(node) ? 'mapping' : 'list'}, not a string: ${NOT_STRING_EFFECT}`,
      });
      continue;
    }
    if (node && !isScalar(node)) continue; // an alias: its anchor's value is judged where it is written
    const type = node ? yaml11Type(node) : 'null';
    if (type === 'string') continue;
    const source = scalarText(node) ?? '';
    // Null is milder: kubectl has come to read it as "" (a Warning); a boolean or number is an Error.
    if (type === 'null' && (!node || nodeRange(node).end === nodeRange(node).start)) {
      findings.push({
        code: 'K8S_ANNOTATION_NOT_STRING',
        ...tokenRange(annotation.keyNode),
        severity: 'warning',
        message: `Annotation "${annotation.key}" has no value, which YAML reads as null, not a string: ${NULL_EFFECT}; write "" for an empty value`,
      });
      continue;
    }
    const quoted = type === 'null' ? '""' : JSON.stringify((node as Scalar).source ?? source);
    const also = type === 'boolean' && !/^(true|false)$/i.test(source) ? ' (Kubernetes reads YAML 1.1, where yes, no, on, off, y and n are booleans)' : '';
    findings.push({
      code: 'K8S_ANNOTATION_NOT_STRING',
      ...tokenRange(node!),
      message: `The value of annotation "${annotation.key}" is a YAML ${type}${also}, not a string: ${type === 'null' ? NULL_EFFECT : NOT_STRING_EFFECT}; quote it: ${quoted}`,
      data: { replacements: [quoted] },
      severity: type === 'null' ? 'warning' : undefined,
    });
  }
  return findings;
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
 * The webhook key `key` misspells, if any: a case change, two edits at most, or the right name
 * under a misspelled domain (`eks.amazon.com/role-arn`) or none (`role-arn`). Other
 * `eks.amazonaws.com/` annotations (`compute-type`, `nodegroup`...) are far from these.
 */
function intendedWebhookKey(key: string, candidates: readonly string[]): string | undefined {
  if (WEBHOOK_KEYS.includes(key)) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(key, candidate, 2);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  if (best) return best;
  const slash = key.lastIndexOf('/');
  const domain = key.slice(0, Math.max(slash, 0)).toLowerCase();
  const name = squeezed(key.slice(slash + 1));
  const eksLike = domain === '' || domain.includes('amazon') || domain.startsWith('eks');
  // A bare `audience` key may well be someone else's; a bare `role-arn` is not.
  if (!eksLike || (domain === '' && name === squeezed('audience'))) return undefined;
  return candidates.find((candidate) => squeezed(candidate.slice(WEBHOOK_DOMAIN.length + 1)) === name);
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

// ---------------------------------------------------------------------------------------------

/** A node's range; for a quoted scalar, the characters between the quotes. */
function tokenRange(node: YamlNode): OffsetRange {
  const { start, end } = nodeRange(node);
  const type = isScalar(node) ? (node as Scalar).type : undefined;
  if ((type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') && end - start >= 2) return { start: start + 1, end: end - 1 };
  return { start, end };
}
