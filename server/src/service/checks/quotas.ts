import { getNodeValue } from 'jsonc-parser';
import { PolicyFile } from '../parse/document';
import { JsonNode } from '../parse/json';
import { Policy, Statement } from '../parse/policy';
import { Finding } from './finding';
import { PolicyCheck, PolicyContext } from './context';
import { openingBrace } from './structure';

/** IAM quotas in characters, white space not counted (DOMAIN.md). */
export const QUOTAS = {
  managedPolicy: 6144,
  inlineRolePolicies: 10240,
  inlineUserPolicies: 2048,
  inlineGroupPolicies: 5120,
  trustPolicy: 2048,
  s3BucketPolicy: 20480,
} as const;

/** The policy's size as IAM counts it: every character but white space outside strings. */
export function policySize(text: string): number {
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      size++;
      if (c === 92 /* \\ */) {
        size++;
        i++;
      } else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      size++;
      inString = true;
    } else if (c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      size++;
    }
  }
  return size;
}

/**
 * The size of the policy the file holds: the whole text of a policy file; for a policy written
 * inside another file (a template, a script, Terraform), its value as compact JSON. Undefined when
 * the raw length already shows it is within the quota, so most policies never need the count.
 */
function sizeOf(file: PolicyFile, quota: number): number | undefined {
  const root = file.policy.root;
  const standalone = root.offset === file.text.search(/\S/);
  const span = standalone ? file.text : file.text.slice(root.offset, root.offset + root.length);
  if (span.length <= quota) return undefined;
  if (!standalone) return JSON.stringify(getNodeValue(root)).length;
  // A text that parses whole is its tokens: counting them from the tree reads far fewer nodes than characters.
  return file.json.errors.length === 0 && !file.json.tooDeep ? policyTokenSize(file.policy) : policySize(span);
}

/** Each statement's size, kept with its model (a statement's model outlives a version only while its text is unchanged). */
const statementSizes = new WeakMap<Statement, number>();

/** `tokenSize` of the policy's root, each statement's share counted once per statement model. */
function policyTokenSize({ root, element, statements }: Policy): number {
  const array = element.Statement?.valueNode;
  if (array?.type !== 'array' || statements.length === 0) return tokenSize(root);
  let size = tokenSize(root, array);
  size += 2 + Math.max(0, statements.length - 1);
  for (const statement of statements) {
    let counted = statementSizes.get(statement);
    if (counted === undefined) statementSizes.set(statement, (counted = tokenSize(statement.node)));
    size += counted;
  }
  return size;
}

/** The characters of a value's tokens (strings as written, with their quotes and escapes), white space not counted. */
export function tokenSize(node: JsonNode, skipped?: JsonNode): number {
  if (node === skipped) return 0;
  const children = node.children;
  if (!children) return node.type === 'object' || node.type === 'array' ? 2 : node.length;
  // Brackets and the commas between children; a property is its key, a colon and its value.
  let size = node.type === 'property' ? 1 : 2 + Math.max(0, children.length - 1);
  for (const child of children) size += tokenSize(child, skipped);
  return size;
}

/** Section H of CHECKS.md. */
export const quotaChecks: PolicyCheck = { after: checkQuotas };

function checkQuotas({ file, kind, trustPolicyQuota }: PolicyContext): Finding[] {
  const quota = kind === 'trust' ? (trustPolicyQuota ?? QUOTAS.trustPolicy) : kind === 'resource' ? QUOTAS.s3BucketPolicy : QUOTAS.managedPolicy;
  const size = sizeOf(file, quota);
  if (size === undefined || size <= quota) return [];
  const where = openingBrace(file.policy.root);
  const n = (x: number) => String(x).replace(/\B(?=(\d{3})+$)/g, ',');
  if (kind === 'trust') {
    return [
      {
        code: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA',
        ...where,
        message: `This trust policy is ${n(size)} characters (white space not counted), over the role trust policy quota of ${n(quota)}: CreateRole and UpdateAssumeRolePolicy fail. Merge statements, or raise the quota (and set iamIrsa.trustPolicyQuota)`,
      },
    ];
  }
  if (kind === 'resource') {
    return [
      {
        code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA',
        ...where,
        message: `This resource policy is ${n(size)} characters (white space not counted), over the ${n(quota)} an S3 bucket policy may have`,
      },
    ];
  }
  return [
    {
      code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
      ...where,
      message: `This policy is ${n(size)} characters (white space not counted), over the ${n(QUOTAS.managedPolicy)} of a managed policy (inline: ${n(QUOTAS.inlineRolePolicies)} for all of a role's, ${n(QUOTAS.inlineGroupPolicies)} for a group's, ${n(QUOTAS.inlineUserPolicies)} for a user's). Use wildcards or split it into several policies`,
    },
  ];
}
