import { hasPlaceholder } from '../catalog/placeholders';
import { iamWildcard } from '../catalog/catalog';
import { suggest } from '../catalog/suggest';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { PrincipalEntry, principalOf, Statement } from '../parse/policy';
import { rangeOf } from '../parse/range';
import { Finding } from './finding';
import { PolicyCheck, PolicyContext } from './context';

/** The principal types IAM knows, as it spells them (case matters). */
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** ARN partitions (DOMAIN.md); a principal ARN in another partition names nobody. */
const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

/** The DNS suffixes of service principals, one or more per partition. */
const SERVICE_HOST =
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.(amazonaws\.com|amazonaws\.com\.cn|amazonaws\.eu|api\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;

/** Identity providers a role can trust by name (web identity federation without an IAM provider). */
const IDENTITY_PROVIDER_DOMAINS = [
  'cognito-identity.amazonaws.com',
  'cognito-identity.amazonaws.com.cn',
  'accounts.google.com',
  'graph.facebook.com',
  'www.amazon.com',
];

const ACCOUNT_ID = /^\d{12}$/;
/** Unique ids of users (AIDA) and roles (AROA): IAM shows these in place of a deleted principal. */
const UNIQUE_ID = /^(AIDA|AROA)[A-Z0-9]{12,}$/;
const CANONICAL_USER = /^[0-9a-fA-F]{64}$/;
const WILDCARD = /[*?]/;

/** `arn:partition:service:region:account:resource`, the resource keeping any further colons. */
interface PrincipalArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

function parsePrincipalArn(text: string): PrincipalArn | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account, ...resource] = parts;
  return { partition, service, region, account, resource: resource.join(':') };
}

/** The assume-role actions, and the one each kind of principal must call. */
const ASSUME_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'] as const;
type AssumeAction = (typeof ASSUME_ACTIONS)[number];
type PrincipalClass = 'aws' | 'service' | 'oidc' | 'saml';
const ASSUME_ACTION_OF: Record<PrincipalClass, AssumeAction> = {
  aws: 'sts:AssumeRole',
  service: 'sts:AssumeRole',
  oidc: 'sts:AssumeRoleWithWebIdentity',
  saml: 'sts:AssumeRoleWithSAML',
};
const CLASS_NAME: Record<PrincipalClass, string> = {
  aws: 'an AWS principal',
  service: 'a service principal',
  oidc: 'an OIDC identity provider',
  saml: 'a SAML identity provider',
};

/**
 * CHECKS.md section E: principal types and value formats, partial wildcards, elements a trust
 * policy must not have, assume-role actions that do not fit the principal, NotPrincipal with Allow,
 * principals listed twice. Principals in identity policies belong to UNSUPPORTED_PRINCIPAL.
 */
export const principalChecks: PolicyCheck = { statement: checkPrincipals };

function checkPrincipals(statement: Statement, { file, kind }: PolicyContext): Finding[] {
  if (kind === 'identity') return [];
  const findings: Finding[] = [];
  const trust = kind === 'trust';
  {
    const { Principal, NotPrincipal, Resource, NotResource, Effect } = statement.element;
    if (trust) {
      if (NotPrincipal) {
        findings.push({
          code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL',
          ...rangeOf(NotPrincipal.keyNode),
          message: 'A role trust policy cannot use "NotPrincipal": IAM rejects it. Name who may assume the role in "Principal" instead',
        });
      }
      for (const element of [Resource, NotResource]) {
        if (!element) continue;
        findings.push({
          code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE',
          ...rangeOf(element.keyNode),
          message: `A role trust policy cannot use "${element.key}": the resource is always the role itself, and IAM rejects the policy. Remove "${element.key}"`,
        });
      }
    } else if (NotPrincipal && Effect?.valueNode?.value === 'Allow') {
      findings.push({
        code: 'ALLOW_WITH_NOTPRINCIPAL',
        ...rangeOf(NotPrincipal.keyNode),
        message:
          '"Allow" with "NotPrincipal" grants access to every principal except those listed, anonymous users included. Name the principals to allow in "Principal" instead',
      });
    }
    const elements = trust ? [Principal] : [Principal, NotPrincipal];
    for (const element of elements) {
      const principal = principalOf(element);
      if (principal?.form !== 'object') continue;
      for (const entry of principal.entries) {
        const keyFinding = checkPrincipalType(entry, file.text);
        if (keyFinding) {
          findings.push(keyFinding);
          continue;
        }
        for (const value of entry.values) {
          const finding = checkPrincipalValue(entry.key as PrincipalType, value, trust, file.text);
          if (finding) findings.push(finding);
        }
        if (trust) findings.push(...redundantPrincipals(entry, file.text));
      }
    }
    if (trust) findings.push(...mismatchedActions(statement, file.text));
  }
  return findings;
}

function checkPrincipalType(entry: PrincipalEntry, text: string): Finding | undefined {
  if ((PRINCIPAL_TYPES as readonly string[]).includes(entry.key)) return undefined;
  const [best] = suggest(entry.key, PRINCIPAL_TYPES, 1);
  const hint = best ? `; did you mean "${best}"?` : '';
  return {
    code: 'INVALID_PRINCIPAL_KEY',
    ...rangeOf(entry.keyNode),
    message: `"${entry.key}" is not a principal type: IAM rejects the policy. A principal is "AWS", "Service", "Federated" or "CanonicalUser" (case matters)${hint}`,
    data: best ? { replacements: [best], range: valueRange(entry.keyNode, text) } : undefined,
  };
}

function checkPrincipalValue(type: PrincipalType, node: JsonNode, trust: boolean, text: string): Finding | undefined {
  const value = node.value as string;
  const range = valueRange(node, text);
  // Policy variables are not allowed in principals: the variable checks report them.
  // A placeholder left from a template is PLACEHOLDER_VALUE's finding alone.
  if (value === '*' || value.includes('${') || hasPlaceholder(value)) return undefined;
  if (WILDCARD.test(value)) {
    const instead = type === 'AWS' ? `, or "*" with the condition "ArnLike": {"aws:PrincipalArn": "${value}"}` : '';
    return {
      code: trust ? 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL' : 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
      ...range,
      message: `"${value}" has a wildcard inside a "${type}" value: IAM takes "*" only as a whole principal and rejects the policy. Write the full value${instead}`,
    };
  }
  switch (type) {
    case 'AWS':
      return awsPrincipalProblem(value, range);
    case 'Service':
      return servicePrincipalProblem(value, range);
    case 'Federated':
      return trust ? federatedPrincipalProblem(value, range) : undefined;
    case 'CanonicalUser':
      if (CANONICAL_USER.test(value)) return undefined;
      return {
        code: 'INVALID_PRINCIPAL_FORMAT',
        ...range,
        message: `"${value}" is not a canonical user id: it is 64 hexadecimal characters (an S3 account's or CloudFront origin access identity's id), so IAM rejects the policy`,
      };
  }
}

const AWS_PRINCIPAL_HELP =
  'an AWS principal is "*", a 12-digit account id, or the ARN of an account root, IAM user or role, assumed-role session or federated user, such as "arn:aws:iam::123456789012:role/Name"';

function awsPrincipalProblem(value: string, range: { start: number; end: number }): Finding | undefined {
  if (ACCOUNT_ID.test(value) || UNIQUE_ID.test(value)) return undefined;
  const invalid = (why: string): Finding => ({
    code: 'INVALID_PRINCIPAL_FORMAT',
    ...range,
    message: `"${value}" ${why}, so IAM rejects the policy: ${AWS_PRINCIPAL_HELP}`,
  });
  if (/^\d+$/.test(value)) return invalid(`is ${value.length} digits, not a 12-digit account id`);
  const arn = parsePrincipalArn(value);
  if (!arn) return invalid('is not an account id or an ARN');
  if (!PARTITIONS.has(arn.partition)) return invalid(`has no partition "${arn.partition}"`);
  if (arn.service !== 'iam' && arn.service !== 'sts') return invalid(`is an ${arn.service} ARN, not an IAM or STS principal`);
  if (arn.region !== '') return invalid(`has region "${arn.region}" where IAM and STS ARNs have none`);
  // CloudFront origin access identities are IAM users of the pseudo-account "cloudfront".
  if (arn.account === 'cloudfront' && arn.service === 'iam' && arn.resource.startsWith('user/CloudFront Origin Access Identity ')) return undefined;
  if (!ACCOUNT_ID.test(arn.account)) return invalid(`has account "${arn.account}" where a 12-digit account id belongs`);
  const resource = arn.service === 'iam' ? /^(root|(user|role|assumed-role|federated-user)\/.+)$/ : /^(assumed-role|federated-user)\/.+$/;
  if (resource.test(arn.resource)) return undefined;
  return invalid(`names "${arn.resource}", which is not a principal of ${arn.service.toUpperCase()}`);
}

function servicePrincipalProblem(value: string, range: { start: number; end: number }): Finding | undefined {
  if (SERVICE_HOST.test(value.toLowerCase())) return undefined;
  let fix: string | undefined;
  const stripped = value.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  if (stripped !== value && SERVICE_HOST.test(stripped.toLowerCase())) fix = stripped;
  else if (/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(value) && !value.includes('amazonaws')) fix = `${value}.amazonaws.com`;
  const hint = fix ? `; did you mean "${fix}"?` : '';
  return {
    code: 'INVALID_SERVICE_PRINCIPAL_FORMAT',
    ...range,
    message: `"${value}" is not a service principal: a service is named by its host name, such as "ec2.amazonaws.com" or "pods.eks.amazonaws.com", and IAM rejects anything else${hint}`,
    data: fix ? { replacements: [fix] } : undefined,
  };
}

function federatedPrincipalProblem(value: string, range: { start: number; end: number }): Finding | undefined {
  if (federatedClass(value)) return undefined;
  const help =
    'a Federated principal is an IAM OIDC provider ("arn:aws:iam::123456789012:oidc-provider/<issuer host and path>"), a SAML provider ("arn:aws:iam::123456789012:saml-provider/<name>") or one of accounts.google.com, graph.facebook.com, www.amazon.com, cognito-identity.amazonaws.com';
  let fix: string | undefined;
  if (value.includes('://')) {
    const stripped = value.replace(/(oidc-provider\/)?[a-z]+:\/\//i, '$1').replace(/\/+$/, '');
    if (federatedClass(stripped)) fix = stripped;
  } else if (!value.startsWith('arn:')) {
    fix = suggest(value, IDENTITY_PROVIDER_DOMAINS, 1)[0];
  }
  const hint = fix ? `; did you mean "${fix}"?` : '';
  return {
    code: 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
    ...range,
    message: `"${value}" is not an identity provider IAM knows, so IAM rejects the trust policy: ${help}${value.includes('://') ? ' (without "https://")' : ''}${hint}`,
    data: fix ? { replacements: [fix] } : undefined,
  };
}

/** What kind of identity provider a Federated value names; undefined when it is malformed. */
function federatedClass(value: string): 'oidc' | 'saml' | undefined {
  if (IDENTITY_PROVIDER_DOMAINS.includes(value)) return 'oidc';
  const arn = parsePrincipalArn(value);
  if (!arn || !PARTITIONS.has(arn.partition) || arn.service !== 'iam' || arn.region !== '' || !ACCOUNT_ID.test(arn.account)) return undefined;
  if (/^oidc-provider\/[A-Za-z0-9.-]+(:\d+)?(\/\S*)?$/.test(arn.resource) && !arn.resource.includes('://')) return 'oidc';
  if (/^saml-provider\/[\w+=,.@-]+$/.test(arn.resource)) return 'saml';
  return undefined;
}

function principalClass(type: string, value: string): PrincipalClass | undefined {
  if (type === 'AWS') return 'aws';
  if (type === 'Service') return 'service';
  if (type === 'Federated') return federatedClass(value);
  return undefined;
}

/**
 * The assume-role actions of a trust statement that its principals cannot call. Only for
 * statements whose principals are all of one kind; a wildcard that includes the right action is fine.
 */
function mismatchedActions(statement: Statement, text: string): Finding[] {
  const principal = principalOf(statement.element.Principal);
  if (principal?.form !== 'object') return [];
  const classes = new Set<PrincipalClass | undefined>();
  let example = '';
  for (const entry of principal.entries) {
    for (const value of entry.values) {
      classes.add(principalClass(entry.key, value.value as string));
      example ||= `${entry.key} "${value.value as string}"`;
    }
  }
  const [only] = classes;
  if (classes.size !== 1 || only === undefined) return [];
  const expected = ASSUME_ACTION_OF[only];
  const items = stringItems(statement.element.Action?.valueNode);
  const hasExpected = items.some((item) => iamWildcard(item.value as string).test(expected));
  const findings: Finding[] = [];
  for (const item of items) {
    const action = item.value as string;
    const pattern = iamWildcard(action);
    const assumes = ASSUME_ACTIONS.filter((a) => pattern.test(a));
    if (assumes.length === 0 || assumes.includes(expected)) continue;
    const wrong = WILDCARD.test(action) ? ` (${assumes.join(', ')})` : '';
    findings.push({
      code: 'MISMATCHED_ACTION_FOR_PRINCIPAL',
      ...valueRange(item, text),
      message: `"${action}"${wrong} is not how ${CLASS_NAME[only]} (${example}) assumes a role: it calls ${expected}, so this action lets nobody in. Write "${expected}"`,
      data: hasExpected ? undefined : { replacements: [expected] },
    });
  }
  return findings;
}

/** A value already listed under the same principal type, or an account id next to its `:root` ARN. */
function redundantPrincipals(entry: PrincipalEntry, text: string): Finding[] {
  const items = entry.valueNode?.type === 'array' ? (entry.valueNode.children ?? []) : [];
  const seen = new Map<string, string>();
  const findings: Finding[] = [];
  items.forEach((item, index) => {
    if (item.type !== 'string') return;
    const value = item.value as string;
    const identity = entry.key === 'AWS' ? (/^arn:[\w-]+:iam::(\d{12}):root$/.exec(value)?.[1] ?? value) : value;
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, value);
      return;
    }
    const same = first === value ? 'already listed' : `the same account as "${first}"`;
    // A repeat is never the first item: delete it with the comma before it.
    const previous = items[index - 1];
    const remove = { start: previous.offset + previous.length, end: item.offset + item.length };
    findings.push({
      code: 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY',
      ...valueRange(item, text),
      message: `"${value}" is ${same} under "${entry.key}": listing it again changes nothing. Remove it`,
      data: { replacements: [''], range: remove },
    });
  });
  return findings;
}
