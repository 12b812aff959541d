/**
 * Identity-provider condition keys (`PROVIDER:claim`) that the catalogue does not list: any OIDC
 * provider's standard claims, and the EKS OIDC issuer pattern (DOMAIN.md). Our own table, with what
 * the IRSA and Pod Identity checks know of providers, ServiceAccount subjects and audiences.
 */
import { hasUnknownDirection, partitionForRegion } from './partitions';
import { matchesWildcard } from './wildcard';

/** The claims of an EKS service account token that IAM exposes as condition keys. */
export const EKS_OIDC_CLAIMS = ['sub', 'aud', 'amr'];

/** `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE` (and the China and GovCloud hosts). */
export const EKS_OIDC_PROVIDER = /^oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/id\/([^/:\s]+)$/;

export interface ProviderKey {
  readonly provider: string;
  readonly claim: string;
}

/** A key whose prefix is an identity provider's host (it has a dot), split into provider and claim. */
export function identityProviderKey(key: string): ProviderKey | undefined {
  const colon = key.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const provider = key.slice(0, colon);
  if (!provider.includes('.')) return undefined;
  return { provider, claim: key.slice(colon + 1) };
}

/**
 * A condition key of a web identity trust, split: a host's (`oidc.eks.….amazonaws.com/id/ID:sub`,
 * `api.example.com:sub`, `s3.amazonaws.com/bucket:sub`) or the statement's own Federated provider's,
 * whatever its form (`example-oidc-provider:sub`, `<OIDC_PROVIDER>:sub`): any issuer's tokens carry
 * `sub`, a Kubernetes ServiceAccount's whichever cluster signs them.
 */
export function trustedProviderKey(key: string, federated: ReadonlySet<string>): ProviderKey | undefined {
  const parts = identityProviderKey(key);
  if (parts) return parts;
  const colon = key.lastIndexOf(':');
  if (colon <= 0 || !federated.has(normalizeProvider(key.slice(0, colon)))) return undefined;
  return { provider: key.slice(0, colon), claim: key.slice(colon + 1) };
}

/** The providers (normalized) a statement's `Federated` OIDC provider ARNs name, whatever the account's form. */
export function federatedProviderNames(arns: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const arn of arns) {
    const match = /:oidc-provider\/(.+)$/.exec(arn);
    if (match) names.add(normalizeProvider(match[1]));
  }
  return names;
}

/** The host every EKS cluster's issuer has: `oidc.eks.REGION.DNS-SUFFIX` (the suffix is the partition's). */
const EKS_ISSUER = /^oidc\.eks\.([^./]+)\.([^/]+)\/id\/([^/]*)$/;

/** The parts of an EKS OIDC provider (`oidc.eks.us-east-1.amazonaws.com/id/ID`), with their offsets in it. */
export interface EksProviderParts {
  readonly region: string;
  readonly regionOffset: number;
  /** `amazonaws.com`, `amazonaws.com.cn`. */
  readonly dnsSuffix: string;
  readonly dnsSuffixOffset: number;
  readonly id: string;
  readonly idOffset: number;
}

/** Splits a provider of the EKS shape; undefined when it does not have that shape. */
export function eksProviderParts(provider: string): EksProviderParts | undefined {
  const match = EKS_ISSUER.exec(provider);
  if (!match) return undefined;
  const [, region, dnsSuffix, id] = match;
  const regionOffset = 'oidc.eks.'.length;
  const dnsSuffixOffset = regionOffset + region.length + 1;
  return { region, regionOffset, dnsSuffix, dnsSuffixOffset, id, idOffset: dnsSuffixOffset + dnsSuffix.length + '/id/'.length };
}

/**
 * True for a provider that is meant to be an EKS cluster's issuer, well formed or not
 * (`oidc.eks.…`, `oidc-eks.…`, `https://oidc.eks.…`, an `eks` label under amazonaws.com).
 */
export function looksLikeEksProvider(provider: string): boolean {
  const host = normalizeProvider(provider).split('/')[0];
  return /^oidc[.-]eks[.-]/.test(host) || (/(^|[.-])eks[.-]/.test(host) && /\.amazonaws\.com(\.cn)?$/.test(host));
}

/**
 * A provider as IAM compares it: without `https://` and trailing slashes, in lower case (condition
 * key names are case-insensitive). Two spellings with the same form name the same provider.
 */
export function normalizeProvider(provider: string): string {
  return provider
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '');
}

/** `arn:PARTITION:iam::ACCOUNT:oidc-provider/PROVIDER`, with the offsets of its parts in the ARN. */
export interface OidcProviderArn {
  readonly partition: string;
  readonly account: string;
  readonly provider: string;
  readonly providerOffset: number;
}

export function parseOidcProviderArn(arn: string): OidcProviderArn | undefined {
  const match = /^arn:([^:]*):iam::([^:]*):oidc-provider\/(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, account, provider] = match;
  return { partition, account, provider, providerOffset: arn.length - provider.length };
}

/**
 * Identity providers a role trusts by domain, without an IAM OIDC provider, and the claim that
 * says which application or identity pool the token is for (their tokens have no usable `sub`).
 */
export const WEB_IDENTITY_DOMAINS: Readonly<Record<string, string>> = {
  'cognito-identity.amazonaws.com': 'aud',
  'cognito-identity.amazonaws.com.cn': 'aud',
  'accounts.google.com': 'aud',
  'graph.facebook.com': 'app_id',
  'www.amazon.com': 'app_id',
};

/** The token subject of a Kubernetes ServiceAccount, as the EKS token's `sub` claim holds it. */
export const SERVICE_ACCOUNT_SUB_PREFIX = 'system:serviceaccount:';

/** The `:sub` a ServiceAccount's token carries: `system:serviceaccount:NAMESPACE:NAME`. */
export function subjectOf(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_SUB_PREFIX}${namespace}:${name}`;
}

const EXACT_SUBJECT = /^system:serviceaccount:([^:*?$]+):([^:*?$]+)$/;

/** The ServiceAccount a `:sub` value names exactly (no wildcard, no variable or template reference), else undefined. */
export function serviceAccountOfSubject(value: string): { readonly namespace: string; readonly name: string } | undefined {
  const match = EXACT_SUBJECT.exec(value);
  return match ? { namespace: match[1], name: match[2] } : undefined;
}

/** The default audience of the pod identity webhook's tokens, in every partition. */
export const EKS_DEFAULT_AUDIENCE = 'sts.amazonaws.com';

/** Partitions whose EKS issuer host is known (`oidc.eks.REGION.DNS-SUFFIX`); others are left alone. */
export const EKS_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'];

/** What is wrong with a provider that looks like an EKS issuer but does not have its shape. */
export function eksProviderShapeProblem(name: string): string {
  const [host, ...path] = name.split('/');
  if (!host.startsWith('oidc.eks.')) return `has the host "${host}"`;
  if (path.length === 0) return 'has no "/id/<ID>" after the host';
  if (path[0] !== 'id') return `has "/${path[0]}/" where "/id/" belongs`;
  if (name.endsWith('/')) return 'ends with "/"';
  return `has "${path.slice(1).join('/')}" where the ID belongs`;
}

/** The well-formed provider a malformed one most likely means, when its region and ID can be read. */
export function guessEksProvider(name: string): string | undefined {
  const region = /[a-z]{2}(-[a-z]+)+-\d{1,2}/.exec(name.split('/')[0].toLowerCase())?.[0];
  const id = name
    .split('/')
    .reverse()
    .find((segment) => /^[A-Za-z0-9]{16,}$/.test(segment));
  const partition = region ? partitionForRegion(region) : undefined;
  if (!region || !id || !partition || !EKS_PARTITIONS.includes(partition.name) || hasUnknownDirection(region)) return undefined;
  const guess = `oidc.eks.${region}.${partition.dnsSuffix}/id/${id}`;
  return guess === name ? undefined : guess;
}

/**
 * Why an `:aud` value is a misspelling of the default audience (`https://sts.amazonaws.com`, the
 * China host, a regional endpoint, another case); undefined for the default and for custom
 * audiences, which the ServiceAccount's `eks.amazonaws.com/audience` may set.
 */
export function audienceMistake(value: string, ignoreCase: boolean): string | undefined {
  const bare = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/+$/, '');
  if (value === EKS_DEFAULT_AUDIENCE || (ignoreCase && value.toLowerCase() === EKS_DEFAULT_AUDIENCE)) return undefined;
  if (bare === EKS_DEFAULT_AUDIENCE) return 'the token\'s "aud" is exactly "sts.amazonaws.com": no scheme, no slash, lower case';
  if (bare === 'sts.amazonaws.com.cn') return 'the pod identity webhook asks for the audience "sts.amazonaws.com" in every partition, China included';
  if (/^sts\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(bare))
    return 'that is an STS endpoint, not the audience: the pod identity webhook asks for "sts.amazonaws.com" whichever endpoint the SDK calls';
  return undefined;
}

/** A namespace name: a DNS-1123 label. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** A ServiceAccount name: a DNS-1123 subdomain. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** What a Pod Identity trust statement must allow: EKS assumes the role and tags the session. */
export const POD_IDENTITY_ACTIONS = ['sts:AssumeRole', 'sts:TagSession'];

/** Condition keys that narrow a Pod Identity trust to some clusters, namespaces or service accounts. */
export const POD_IDENTITY_SCOPE_KEYS = [
  'aws:RequestTag/kubernetes-namespace',
  'aws:RequestTag/kubernetes-service-account',
  'aws:RequestTag/eks-cluster-arn',
  'aws:RequestTag/eks-cluster-name',
  'aws:SourceAccount',
  'aws:SourceArn',
];

/**
 * The claim of a condition key on an EKS issuer (`oidc.eks.….amazonaws.com/id/ID:sub` → `sub`),
 * recognised exactly as the conditions family recognises it, so that each family leaves the other's
 * cases alone. Undefined for any other key.
 */
export function eksClaimOf(key: string): string | undefined {
  const parts = identityProviderKey(key);
  return parts && EKS_OIDC_PROVIDER.test(parts.provider) ? parts.claim : undefined;
}

const WILDCARD = /[*?]/;

/** What is wrong with a `:sub` value, and the subject it most likely means. */
export interface SubjectProblem {
  readonly why: string;
  readonly fix?: string;
}

/**
 * Whether a `:sub` value can match a ServiceAccount token subject, `system:serviceaccount:NS:NAME`
 * with Kubernetes names, compared as the operator compares (`ignoreCase`; `wildcards`: StringLike's
 * `*` and `?`, which may stand in the namespace or the name). Undefined when it can.
 */
export function serviceAccountSubjectProblem(
  value: string,
  compare: { readonly ignoreCase: boolean; readonly wildcards: boolean },
): SubjectProblem | undefined {
  const sub = compare.ignoreCase ? value.toLowerCase() : value;
  const pattern = compare.wildcards && WILDCARD.test(sub);
  if (!sub.startsWith(SERVICE_ACCOUNT_SUB_PREFIX)) {
    const literal = pattern ? sub.slice(0, sub.search(WILDCARD)) : sub;
    if (pattern && SERVICE_ACCOUNT_SUB_PREFIX.startsWith(literal)) return undefined;
    return { why: prefixProblem(sub), fix: subFix(sub) };
  }
  const rest = sub.slice(SERVICE_ACCOUNT_SUB_PREFIX.length);
  const parts = rest.split(':');
  if (parts.length === 1) {
    if (pattern && rest.includes('*')) return /^[a-z0-9.*?-]*$/.test(rest) ? undefined : { why: `"${rest}" has characters no namespace or name has` };
    const slash = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(rest);
    if (slash) return { why: 'the namespace and the name are separated by ":", not "/"', fix: `${SERVICE_ACCOUNT_SUB_PREFIX}${slash[1]}:${slash[2]}` };
    return { why: `it has "${rest}" where "<namespace>:<name>" belongs` };
  }
  if (parts.length > 2) return { why: `it has ${parts.length} parts after "system:serviceaccount:" where "<namespace>:<name>" has two`, fix: subFix(sub) };
  const [namespace, name] = parts;
  const nsProblem =
    pattern && WILDCARD.test(namespace)
      ? patternPartProblem(namespace, /^[a-z0-9*?-]+$/, 'namespace')
      : nameProblem(
          namespace,
          isDnsLabel,
          'namespace',
          'a DNS-1123 label: lower-case letters, digits and "-", at most 63, starting and ending with a letter or digit',
        );
  const saProblem =
    pattern && WILDCARD.test(name)
      ? patternPartProblem(name, /^[a-z0-9.*?-]+$/, 'ServiceAccount name')
      : nameProblem(name, isDnsSubdomain, 'ServiceAccount name', 'a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", at most 253');
  const why = nsProblem ?? saProblem;
  if (!why) return undefined;
  const lower = `${SERVICE_ACCOUNT_SUB_PREFIX}${namespace.trim().toLowerCase()}:${name.trim().toLowerCase()}`;
  return { why, fix: lower !== sub && !serviceAccountSubjectProblem(lower, compare) ? lower : undefined };
}

function nameProblem(name: string, valid: (n: string) => boolean, what: string, rule: string): string | undefined {
  if (name === '') return `the ${what} is empty`;
  return valid(name) ? undefined : `"${name}" is not a ${what}, which is ${rule}`;
}

function patternPartProblem(part: string, allowed: RegExp, what: string): string | undefined {
  return allowed.test(part) ? undefined : `"${part}" has characters no ${what} has`;
}

function prefixProblem(sub: string): string {
  if (sub.startsWith('system:serviceaccounts:'))
    return '"system:serviceaccounts:<namespace>" is the Kubernetes group of a namespace\'s ServiceAccounts, not a token subject';
  if (sub.startsWith('serviceaccount:')) return 'it lacks the "system:" prefix';
  if (sub.trim() !== sub) return 'it has spaces around it';
  return 'it does not start with "system:serviceaccount:"';
}

/** The subject a malformed value most likely means. */
function subFix(sub: string): string | undefined {
  const trimmed = sub.trim();
  const candidates = [
    trimmed,
    trimmed.replace(/^system:serviceaccounts:/, SERVICE_ACCOUNT_SUB_PREFIX),
    trimmed.replace(/^serviceaccount:/, SERVICE_ACCOUNT_SUB_PREFIX),
    /^[a-z0-9-]+:[a-z0-9.-]+$/.test(trimmed) ? SERVICE_ACCOUNT_SUB_PREFIX + trimmed : '',
  ];
  return candidates.find((c) => c !== sub && /^system:serviceaccount:[^:]+:[^:]+$/.test(c) && isDnsLabel(c.split(':')[2]) && isDnsSubdomain(c.split(':')[3]));
}

/** How much a StringLike subject pattern lets in, when it names no particular ServiceAccount. */
export function subjectBreadth(pattern: string): string | undefined {
  const matches = (sub: string) => matchesWildcard(pattern, sub);
  if (matches('system:serviceaccount:zq7-ns:zq7-sa') && matches('system:serviceaccount:kube-system:default'))
    return 'every ServiceAccount of every namespace of the cluster';
  const parts = pattern.slice(SERVICE_ACCOUNT_SUB_PREFIX.length).split(':');
  if (!pattern.startsWith(SERVICE_ACCOUNT_SUB_PREFIX) || parts.length !== 2 || !matchesWildcard(parts[1], 'zq7-sa')) return undefined;
  return WILDCARD.test(parts[0]) ? `every ServiceAccount of every namespace matching "${parts[0]}"` : `every ServiceAccount of namespace "${parts[0]}"`;
}
