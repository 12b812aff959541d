import { partitionNames } from '../catalog/partitions';
import { suggest } from '../catalog/suggest';
import { parseRoleArn, ROLE_NAME, ROLE_PATH } from '../parse/kubernetes';

/**
 * Why an `eks.amazonaws.com/role-arn` value is not a role ARN (IRSA_ROLE_ARN_FORMAT), and the ARN
 * it was meant to be when that is clear: another IAM resource, an STS session, a bare name, a
 * misspelled partition.
 */

export const ROLE_ARN_FORM = 'arn:<partition>:iam::<12-digit account>:role/<path/>name';
/** Partition names people write for the real ones. */
const PARTITION_ALIASES: Record<string, string> = {
  amazon: 'aws',
  china: 'aws-cn',
  'aws-china': 'aws-cn',
  'aws-gov': 'aws-us-gov',
  'aws-govcloud': 'aws-us-gov',
  'aws-us-gov-west': 'aws-us-gov',
  govcloud: 'aws-us-gov',
};
/** IAM resource types that are not roles, as a user would name them. */
const NOT_ROLES: Record<string, string> = {
  policy: 'a managed policy',
  user: 'an IAM user',
  group: 'an IAM group',
  'instance-profile': 'an instance profile',
  'oidc-provider': 'an OIDC provider',
  'saml-provider': 'a SAML provider',
  'server-certificate': 'a server certificate',
  mfa: 'an MFA device',
};

export interface RoleArnProblem {
  readonly reasons: readonly string[];
  /** The ARN it was meant to be, when that is clear. */
  readonly fixed?: string;
  /** What to write instead, when more specific than the general form. */
  readonly write?: string;
}

/** Why `raw` is not a role ARN, and the ARN it was meant to be when that is clear. */
export function roleArnProblem(raw: string): RoleArnProblem | undefined {
  const text = raw.trim();
  if (/^https?:\/\//i.test(text)) return { reasons: ['is a URL, not an ARN'] };
  if (!/^arn:/i.test(text)) {
    if (/^[\w+=,.@/-]+$/.test(text)) {
      return {
        reasons: ["is a role name, not the role's ARN"],
        write: `arn:aws:iam::<12-digit account>:role/${text.replace(/^\/+/, '')} (with the role's partition, account and path)`,
      };
    }
    return { reasons: ['is not an ARN'] };
  }
  const fields = text.split(':');
  if (fields.length < 6) return { reasons: ['has fewer than the six colon-separated fields of an ARN'] };
  let [, partition, service, region, account] = fields;
  let resource = fields.slice(5).join(':');
  const reasons: string[] = [];
  let fixable = true;
  if (fields[0] !== 'arn') reasons.push(`starts with "${fields[0]}:" instead of "arn:"`);
  if (!partitionNames().includes(partition)) {
    const known = PARTITION_ALIASES[partition.toLowerCase()] ?? suggest(partition, partitionNames(), 1)[0];
    reasons.push(`has the partition "${partition}", which does not exist (${partitionNames().slice(0, 3).join(', ')}...)`);
    if (known) partition = known;
    else fixable = false;
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    reasons.push("is an STS session (assumed-role) ARN, not the role's own ARN, which also carries the role's path if it has one");
    [service, resource] = ['iam', `role/${resource.split('/')[1] ?? ''}`];
  } else if (service.toLowerCase() === 'iam' && service !== 'iam') {
    reasons.push(`has the service "${service}" instead of "iam"`);
    service = 'iam';
  } else if (service !== 'iam') {
    return { reasons: [`is an ARN of the "${service}" service, not of an IAM role`] };
  }
  if (region !== '') {
    reasons.push(`has the region "${region}" (IAM ARNs have none)`);
    region = '';
  }
  if (!/^\d{12}$/.test(account)) {
    const digits = account.replace(/[-\s]/g, '');
    reasons.push(account === '' ? 'has no account ID' : `has the account "${account}", not 12 digits`);
    if (/^\d{12}$/.test(digits)) account = digits;
    else fixable = false;
  }
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  const rest = slash < 0 ? '' : resource.slice(slash + 1);
  if (type !== 'role') {
    if (type.toLowerCase() === 'role' && slash >= 0) {
      reasons.push(`has "${type}/" instead of "role/"`);
      resource = `role/${rest}`;
    } else if (NOT_ROLES[type]) {
      reasons.push(`is the ARN of ${NOT_ROLES[type]}, not of a role`);
      // An instance profile made by the console has its role's name; anything else has no role to point at.
      if (type === 'instance-profile') resource = `role/${rest}`;
      else fixable = false;
    } else if (slash < 0 && ROLE_NAME.test(resource)) {
      reasons.push('lacks "role/" before the role name');
      resource = `role/${resource}`;
    } else {
      reasons.push('does not end in role/<path/>name');
      fixable = false;
    }
  } else {
    const last = rest.lastIndexOf('/');
    const path = `/${rest.slice(0, last + 1)}`;
    const name = rest.slice(last + 1);
    if (name === '') reasons.push(rest === '' ? 'has no role name after "role/"' : 'ends with "/" (the role name goes last)');
    else if (name.length > 64) reasons.push(`has a role name of ${name.length} characters (64 at most)`);
    else if (!ROLE_NAME.test(name)) reasons.push('has a role name with characters IAM does not allow (letters, digits and +=,.@_- only)');
    if (path.length > 512 || !ROLE_PATH.test(path)) reasons.push('has a role path IAM does not allow');
  }
  if (reasons.length === 0) return text === raw ? undefined : { reasons: ['has white space around it'], fixed: text };
  const fixed = `arn:${partition}:${service}:${region}:${account}:${resource}`;
  return { reasons, fixed: fixable && parseRoleArn(fixed) ? fixed : undefined };
}
