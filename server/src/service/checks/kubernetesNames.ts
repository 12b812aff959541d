import { isAlias, isScalar } from 'yaml';
import { KubernetesObject, scalarText, ServiceAccountManifest, WorkloadManifest } from '../parse/kubernetes';
import { entry, stringValue, YamlEntry } from '../parse/yaml';
import { Finding } from './finding';
import { tokenRange, yaml11Type } from './kubernetesValues';

/** Names of ServiceAccounts, namespaces and the workloads' serviceAccountName, as the API server validates them. */

/** Helm (`{{ }}`), envsubst and Kustomize (`${ }`, `$( )`) fill these in before the API server sees the value. */
export const PLACEHOLDER = /\$\{|\{\{|\$\(/;

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

export function serviceAccountName(account: ServiceAccountManifest): Finding[] {
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

export function workloadServiceAccountName(workload: WorkloadManifest): Finding[] {
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

export function namespaceName(object: KubernetesObject): Finding[] {
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
