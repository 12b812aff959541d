import { jsonInString } from '../../parse/embedded';
import { JsonNode, JsonProperty, JsonSyntaxError, parseJson, properties, valueRange } from '../../parse/json';
import { buildPolicy } from '../../parse/policy';
import { ManagedPolicyFact, NO_FACTS, PermissionReference, RoleDefinition, TrustPolicyFacts } from '../facts';
import { parseRoleArn } from '../index';
import { trustFactsOf } from '../trustFacts';
import { SourceExtraction, SourceInput, SourcePolicy } from './source';

/** The members of an object by key (exact spelling, as the AWS CLI prints them). */
type Members = ReadonlyMap<string, JsonProperty>;

/**
 * IAM JSON exports: `aws iam get-role` (`Role`), `aws iam list-roles` (`Roles`) and
 * `aws iam get-account-authorization-details` (`RoleDetailList`, `UserDetailList`,
 * `GroupDetailList`, `Policies`). The CLI prints policy documents as objects, read in place from the
 * file's own tree; the raw API returns them URL-encoded in strings, whose trust facts are read from
 * the decoded text and placed on the string as a whole.
 */
export function extractIamExport(input: SourceInput): SourceExtraction | undefined {
  const root = input.json?.root;
  if (root?.type !== 'object') return undefined;
  const top = membersOf(root);
  const roleNodes = exportedRoles(top);
  const details = ['RoleDetailList', 'UserDetailList', 'GroupDetailList'].some((key) => top.get(key)?.valueNode?.type === 'array');
  if (roleNodes === undefined && !details) return undefined;

  const reader = new ExportReader(input.text, input.json?.errors ?? []);
  const roles = [...(roleNodes ?? []), ...items(top.get('RoleDetailList'))].flatMap((node) => reader.role(node) ?? []);
  for (const user of items(top.get('UserDetailList'))) reader.inlinePolicies(membersOf(user).get('UserPolicyList'));
  for (const group of items(top.get('GroupDetailList'))) reader.inlinePolicies(membersOf(group).get('GroupPolicyList'));
  const managedPolicies = items(top.get('Policies')).flatMap((policy) => reader.managedPolicy(policy) ?? []);
  return {
    source: 'iam-export',
    facts: { ...NO_FACTS, roles, trustPolicies: reader.trustPolicies, ...(managedPolicies.length ? { managedPolicies } : {}) },
    policies: reader.policies,
  };
}

/** `get-role`'s `Role`, or `list-roles`' `Roles`, when they hold roles (a `RoleName` and an ARN). */
function exportedRoles(top: Members): JsonNode[] | undefined {
  const role = top.get('Role')?.valueNode;
  if (role && isRole(role)) return [role];
  const roles = items(top.get('Roles'));
  return roles.some(isRole) ? roles : undefined;
}

function isRole(node: JsonNode): boolean {
  const members = membersOf(node);
  const arn = members.get('Arn')?.valueNode?.value;
  return members.get('RoleName')?.valueNode?.type === 'string' && typeof arn === 'string' && arn.startsWith('arn:');
}

class ExportReader {
  readonly policies: SourcePolicy[] = [];
  readonly trustPolicies: TrustPolicyFacts[] = [];

  constructor(
    private readonly text: string,
    private readonly errors: readonly JsonSyntaxError[],
  ) {}

  role(node: JsonNode): RoleDefinition | undefined {
    const members = membersOf(node);
    const nameNode = stringNode(members.get('RoleName'));
    const arnNode = stringNode(members.get('Arn'));
    const arn = arnNode ? parseRoleArn(arnNode.value as string) : undefined;
    const name = (nameNode?.value as string | undefined) ?? arn?.name;
    if (name === undefined) return undefined;
    const trust = this.document(members.get('AssumeRolePolicyDocument'), 'trust');
    const permissions: PermissionReference[] = [];
    for (const policy of items(members.get('RolePolicyList'))) {
      const label = this.inlinePolicy(policy);
      const document = membersOf(policy).get('PolicyDocument')?.valueNode;
      if (label)
        permissions.push({
          kind: 'inline',
          label: label.value as string,
          range: valueRange(label, this.text),
          ...(document?.type === 'object' ? { document: { start: document.offset, end: document.offset + document.length } } : {}),
        });
    }
    for (const attached of items(members.get('AttachedManagedPolicies'))) {
      const policyArn = stringNode(membersOf(attached).get('PolicyArn'));
      if (policyArn) permissions.push({ kind: 'managed', label: policyArn.value as string, range: valueRange(policyArn, this.text) });
    }
    // `PermissionsBoundary: {PermissionsBoundaryType, PermissionsBoundaryArn}`.
    const boundaryArn = stringNode(membersOf(members.get('PermissionsBoundary')?.valueNode).get('PermissionsBoundaryArn'));
    const boundary: PermissionReference | undefined = boundaryArn && {
      kind: 'managed',
      label: boundaryArn.value as string,
      range: valueRange(boundaryArn, this.text),
    };
    return {
      source: 'iam-export',
      name,
      label: (arnNode?.value as string | undefined) ?? name,
      path: (stringNode(members.get('Path'))?.value as string | undefined) ?? arn?.path ?? '/',
      account: arn?.account,
      range: valueRange(nameNode ?? arnNode ?? node, this.text),
      trust: trust && { kind: 'embedded', policy: trust },
      permissions,
      ...(boundary ? { boundary } : {}),
    };
  }

  /** The `UserPolicyList`, `GroupPolicyList` of a user or group: permission policies to check. */
  inlinePolicies(list: JsonProperty | undefined): void {
    for (const policy of items(list)) this.inlinePolicy(policy);
  }

  /** `{PolicyName, PolicyDocument}`: checks the document; returns the name's node. */
  private inlinePolicy(node: JsonNode): JsonNode | undefined {
    const members = membersOf(node);
    this.document(members.get('PolicyDocument'), 'identity');
    return stringNode(members.get('PolicyName'));
  }

  /**
   * A customer managed policy of `Policies`: its default version, checked, and the policy for
   * attachments by ARN (AWS managed policies are AWS's to fix, and come from the package).
   */
  managedPolicy(node: JsonNode): ManagedPolicyFact | undefined {
    const members = membersOf(node);
    const arn = stringNode(members.get('Arn'))?.value as string | undefined;
    if (arn?.split(':')[4] === 'aws') return undefined;
    const versions = items(members.get('PolicyVersionList'));
    const current = versions.find((v) => membersOf(v).get('IsDefaultVersion')?.valueNode?.value === true) ?? (versions.length === 1 ? versions[0] : undefined);
    const document = current ? membersOf(current).get('Document') : undefined;
    if (document) this.document(document, 'identity');
    const name = stringNode(members.get('PolicyName'));
    if (!name) return undefined;
    const root = document?.valueNode?.type === 'object' ? document.valueNode : undefined;
    return {
      name: name.value as string,
      label: arn ?? (name.value as string),
      path: (stringNode(members.get('Path'))?.value as string | undefined) ?? '/',
      range: valueRange(name, this.text),
      ...(root ? { document: { start: root.offset, end: root.offset + root.length } } : {}),
    };
  }

  /**
   * A policy document: an object is checked by the engine in place; a string (URL-encoded, as the
   * API returns it) cannot be, as its offsets are not the file's, but a trust still yields its facts.
   */
  private document(property: JsonProperty | undefined, kind: 'trust' | 'identity'): TrustPolicyFacts | undefined {
    const node = property?.valueNode;
    if (node?.type === 'object') {
      this.policies.push({ policy: { root: node, errors: this.errorsWithin(node) }, kind });
      if (kind !== 'trust') return undefined;
      const facts = trustFactsOf(buildPolicy(node), this.text);
      this.trustPolicies.push(facts);
      return facts;
    }
    if (node?.type !== 'string' || kind !== 'trust') return undefined;
    const decoded = decodedDocument(node.value as string);
    const root = decoded === undefined ? undefined : jsonInString(decoded, valueRange(node, this.text));
    if (!root) return undefined;
    const facts = trustFactsOf(buildPolicy(root), this.text);
    this.trustPolicies.push(facts);
    return facts;
  }

  private errorsWithin(node: JsonNode): JsonSyntaxError[] {
    const end = node.offset + node.length;
    return this.errors.filter((e) => e.start >= node.offset && e.start < end);
  }
}

/** The JSON text of a policy document the API URL-encoded into a string (or plain JSON in a string). */
function decodedDocument(value: string): string | undefined {
  const candidates = [value];
  try {
    candidates.unshift(decodeURIComponent(value));
  } catch {
    // A stray `%`: not URL-encoded after all.
  }
  // Form encoding writes spaces as `+`; RFC 3986, which IAM uses, writes `%20` and keeps `+` literal.
  if (value.includes('+')) candidates.push(candidates[0].replace(/\+/g, ' '));
  for (const text of candidates) {
    const { root, errors } = parseJson(text);
    if (root?.type === 'object' && errors.length === 0) return text;
  }
  return undefined;
}

function membersOf(node: JsonNode | undefined): Members {
  const members = new Map<string, JsonProperty>();
  for (const property of properties(node)) if (!members.has(property.key)) members.set(property.key, property);
  return members;
}

function items(property: JsonProperty | undefined): JsonNode[] {
  const node = property?.valueNode;
  return node?.type === 'array' ? (node.children ?? []).filter((c) => c.type === 'object') : [];
}

function stringNode(property: JsonProperty | undefined): JsonNode | undefined {
  return property?.valueNode?.type === 'string' ? property.valueNode : undefined;
}
