import { EKS_DEFAULT_AUDIENCE, SERVICE_ACCOUNT_SUB_PREFIX } from '../../catalog/oidc';
import { OffsetRange } from '../../parse/range';
import { SyntaxNode } from '../../parse/treeSitter';
import {
  ConditionValue,
  PermissionReference,
  RoleDefinition,
  RoleReference,
  TrustPolicyFacts,
  TrustProvider,
  TrustStatementFacts,
  ValueTemplate,
} from '../facts';
import { attributesOf, blockHeader, HclAttribute, literalString, named, span, term, tupleItems } from './terraformHcl';
import { policyArn } from './terraformPolicyArns';
import { COMPUTED_PROVIDER, isSymbolic, templateFromText } from './terraformTrust';

/**
 * Roles made by the modules most teams use, read from their documented inputs: terraform-aws-modules/iam's
 * `iam-assumable-role-with-oidc`, `iam-role-for-service-accounts-eks` and `iam-role-for-service-accounts`,
 * and terraform-aws-modules/eks-pod-identity. The trust each module generates is written as the facts
 * the cross-file checks read, with ranges on the inputs that say it. Any other module is ignored.
 */

const REGISTRY = '(?:registry\\.terraform\\.io/)?terraform-aws-modules/';
const IAM_MODULE = new RegExp(`^${REGISTRY}iam/aws//modules/(iam-assumable-role-with-oidc|iam-role-for-service-accounts-eks|iam-role-for-service-accounts)/?$`);
const POD_IDENTITY_MODULE = new RegExp(`^${REGISTRY}eks-pod-identity/aws/?$`);
const OIDC_PROVIDER_ARN = /^arn:[a-z-]+:iam::(\d{12})?:oidc-provider\/(.+)$/;
/** A value that is never a literal: a computed item of a list input, which keeps its condition unknown. */
const COMPUTED: ValueTemplate = [{ ref: 'computed' }];

/** A module's role, and the trust it generates (also one of the file's trust policies). */
export interface ModuleRole {
  readonly role: RoleDefinition;
  readonly trust: TrustPolicyFacts;
  /** eks-pod-identity's `associations`: each ServiceAccount that uses the module's role. */
  readonly references: readonly RoleReference[];
}

/** A string input: literal, a template of the folder's values, or computed (undefined). */
interface Input {
  readonly value?: string;
  readonly template?: ValueTemplate;
  readonly range: OffsetRange;
}

function input(expression: SyntaxNode | undefined): Input | undefined {
  if (!expression) return undefined;
  const literal = literalString(expression);
  if (literal) return { value: literal.value, range: literal.content };
  const template = templateFromText(expression.text);
  return { ...(template ? { template } : {}), range: span(expression) };
}

/** The items of a tuple input (`["a", var.b]`); undefined when the list itself is computed. */
function items(expression: SyntaxNode | undefined): Input[] | undefined {
  if (!expression) return undefined;
  const [only, ...rest] = term(expression);
  const tuple = only?.type === 'collection_value' && !rest.length ? named(only)[0] : undefined;
  if (tuple?.type !== 'tuple') return undefined;
  return named(tuple)
    .filter((c) => c.type === 'expression')
    .map((c) => input(c)!);
}

/** The entries of an object input (`{ main = { … } }`): key and value. */
function entries(expression: SyntaxNode | undefined): { key: string; keyRange: OffsetRange; value: SyntaxNode }[] {
  if (!expression) return [];
  const [only, ...rest] = term(expression);
  const object = only?.type === 'collection_value' && !rest.length ? named(only)[0] : undefined;
  if (object?.type !== 'object') return [];
  return named(object)
    .filter((c) => c.type === 'object_elem')
    .flatMap((element) => {
      const key = element.childForFieldName('key');
      const value = element.childForFieldName('val');
      const name = key ? (literalString(key)?.value ?? key.text) : undefined;
      return key && value && name ? [{ key: name, keyRange: span(key), value }] : [];
    });
}

/** The object an expression is, as attributes by name (for `oidc_providers`' entries). */
function objectAttributes(expression: SyntaxNode): Map<string, SyntaxNode> {
  return new Map(entries(expression).map((e) => [e.key, e.value]));
}

function isFalse(attribute: HclAttribute | undefined): boolean {
  return attribute !== undefined && term(attribute.value)[0]?.text === 'false';
}

function isTrue(attribute: HclAttribute | undefined): boolean {
  return attribute !== undefined && term(attribute.value)[0]?.text === 'true';
}

function conditionValue(item: Input, prefix = ''): ConditionValue {
  if (item.value !== undefined) return { value: prefix + item.value, range: item.range };
  return { value: '', range: item.range, template: item.template ? [prefix, ...item.template] : COMPUTED };
}

/** The role a module makes (pods.eks.amazonaws.com trusts the Pod Identity module's), or undefined for another module (or one told not to create it). */
export function moduleRole(block: SyntaxNode, label: string, labelRange: OffsetRange): ModuleRole | undefined {
  const { type } = blockHeader(block);
  const attributes = attributesOf(block);
  const source = literalString(attributes.get('source')?.value)?.value;
  if (type !== 'module' || !source) return undefined;
  const iam = IAM_MODULE.exec(source);
  const made =
    iam?.[1] === 'iam-assumable-role-with-oidc'
      ? assumableRoleWithOidc(attributes, block, label, labelRange)
      : iam
        ? roleForServiceAccounts(attributes, block, label, labelRange, iam[1] === 'iam-role-for-service-accounts')
        : POD_IDENTITY_MODULE.test(source)
          ? podIdentity(attributes, block, label, labelRange)
          : undefined;
  // The boundary input: `role_permissions_boundary_arn` (the iam modules), `permissions_boundary` (the newer one), `permissions_boundary_arn` (Pod Identity).
  const boundary = ['role_permissions_boundary_arn', 'permissions_boundary', 'permissions_boundary_arn'].map((n) => attributes.get(n)).find((a) => a);
  const arn = boundary && term(boundary.value)[0]?.text !== 'null' ? policyArn(boundary.value) : undefined;
  return made && arn ? { ...made, role: { ...made.role, boundary: arn } } : made;
}

/** The role's name: `role_name` (or `name`); unknown with a prefix, or when `use_name_prefix` (or its default) says `name` is one. */
function roleName(attributes: Map<string, HclAttribute>, prefixByDefault: boolean): Input | undefined {
  if (attributes.has('role_name_prefix') || attributes.has('name_prefix')) return undefined;
  const explicit = attributes.get('role_name');
  if (explicit) return input(explicit.value);
  const usePrefix = attributes.get('use_name_prefix');
  if (isTrue(usePrefix) || (prefixByDefault && !isFalse(usePrefix))) return undefined;
  return input(attributes.get('name')?.value);
}

function definition(
  name: Input | undefined,
  path: Input | undefined,
  label: string,
  labelRange: OffsetRange,
  trust: TrustPolicyFacts,
  permissions: PermissionReference[],
): RoleDefinition {
  return {
    source: 'terraform',
    name: name?.value,
    ...(name?.template && isSymbolic(name.template) ? { nameTemplate: name.template } : {}),
    label: `module.${label}`,
    path: path?.value ?? '/',
    ...(path?.template && isSymbolic(path.template) ? { pathTemplate: path.template } : {}),
    account: undefined,
    range: name?.range ?? labelRange,
    trust: { kind: 'embedded', policy: trust },
    permissions,
  };
}

/** `role_policy_arns` as a list (or a map of name => ARN), `policies` and `additional_policy_arns` maps, and the `attach_*_policy = true` flags. */
function permissionsOf(attributes: Map<string, HclAttribute>, names: readonly string[]): PermissionReference[] {
  const permissions: PermissionReference[] = [];
  for (const name of names) {
    const value = attributes.get(name)?.value;
    for (const item of tupleItems(value) ?? []) permissions.push(policyArn(item)!);
    for (const entry of entries(value)) permissions.push(policyArn(entry.value)!);
  }
  for (const [name, attribute] of attributes) {
    const flag = /^attach_(\w+)_policy$/.exec(name);
    // The module writes these policies itself: named here, their documents are not known.
    if (flag && isTrue(attribute)) permissions.push({ kind: 'managed', label: flag[1], range: span(attribute.nameNode) });
  }
  return permissions;
}

function webIdentityStatement(
  range: OffsetRange,
  providers: TrustProvider[],
  subjects: TrustStatementFacts['subjects'],
  audiences: ConditionValue[],
): TrustStatementFacts {
  return { range, allow: true, webIdentity: true, podIdentity: false, providers, subjects, audiences };
}

function assumableRoleWithOidc(attributes: Map<string, HclAttribute>, block: SyntaxNode, label: string, labelRange: OffsetRange): ModuleRole | undefined {
  // The module's `create_role` defaults to false.
  if (!attributes.has('create_role') || isFalse(attributes.get('create_role'))) return undefined;
  const urls = [...(items(attributes.get('provider_urls')?.value) ?? []), ...[input(attributes.get('provider_url')?.value)].filter((u) => u !== undefined)];
  // The providers' ARNs are in `aws_account_id` (else the caller's account, unknown here).
  const accountId = literalString(attributes.get('aws_account_id')?.value)?.value;
  const account = accountId && /^\d{12}$/.test(accountId) ? accountId : undefined;
  const providers = urls.map((url): TrustProvider | undefined => {
    if (url.value) return { host: url.value.replace(/^https:\/\//i, '').replace(/\/+$/, ''), account, range: url.range };
    // `provider_url = var.oidc_url`: the provider's ARN, once the folder's values resolve it.
    return url.template ? { host: '', account, range: url.range, template: [`arn:aws:iam::${account ?? ''}:oidc-provider/`, ...url.template] } : undefined;
  });
  const exact = attributes.get('oidc_fully_qualified_subjects');
  const wildcards = attributes.get('oidc_subjects_with_wildcards');
  const audiences = (items(attributes.get('oidc_fully_qualified_audiences')?.value) ?? []).map((a) => conditionValue(a));
  const statements = (providers.length ? providers : [undefined]).map((provider) => {
    const host = provider?.host || COMPUTED_PROVIDER;
    const condition = (operator: string, attribute: HclAttribute | undefined) => {
      const values = items(attribute?.value);
      return attribute && values?.length ? [{ operator, provider: host, values: values.map((v) => conditionValue(v)) }] : [];
    };
    const own = [...condition('StringEquals', exact), ...condition('StringLike', wildcards)];
    const range = exact ? span(exact.nameNode) : wildcards ? span(wildcards.nameNode) : labelRange;
    return webIdentityStatement(range, provider ? [provider] : [], own, audiences);
  });
  const trust: TrustPolicyFacts = { range: span(block), statements };
  const permissions = permissionsOf(attributes, ['role_policy_arns']);
  return {
    role: definition(roleName(attributes, false), input(attributes.get('role_path')?.value), label, labelRange, trust, permissions),
    trust,
    references: [],
  };
}

function roleForServiceAccounts(
  attributes: Map<string, HclAttribute>,
  block: SyntaxNode,
  label: string,
  labelRange: OffsetRange,
  newer: boolean,
): ModuleRole | undefined {
  if (isFalse(attributes.get('create_role')) || isFalse(attributes.get('create'))) return undefined;
  const test = literalString((attributes.get('assume_role_condition_test') ?? attributes.get('trust_condition_test'))?.value)?.value ?? 'StringEquals';
  const providersInput = attributes.get('oidc_providers');
  const audience: ConditionValue[] = providersInput ? [{ value: EKS_DEFAULT_AUDIENCE, range: span(providersInput.nameNode) }] : [];
  const statements = entries(providersInput?.value).map((entry) => {
    const fields = objectAttributes(entry.value);
    const arn = literalString(fields.get('provider_arn'));
    const match = arn ? OIDC_PROVIDER_ARN.exec(arn.value) : undefined;
    const providers: TrustProvider[] = match ? [{ host: match[2], account: match[1] || undefined, range: arn!.content }] : [];
    const accounts = items(fields.get('namespace_service_accounts'));
    const subjects = accounts?.length
      ? [{ operator: test, provider: match?.[2] ?? COMPUTED_PROVIDER, values: accounts.map((a) => conditionValue(a, SERVICE_ACCOUNT_SUB_PREFIX)) }]
      : [];
    return webIdentityStatement(entry.keyRange, providers, subjects, audience);
  });
  const trust: TrustPolicyFacts = { range: span(block), statements };
  const permissions = permissionsOf(attributes, ['role_policy_arns', 'policies']);
  const path = input((attributes.get('role_path') ?? attributes.get('path'))?.value);
  return { role: definition(roleName(attributes, newer), path, label, labelRange, trust, permissions), trust, references: [] };
}

function podIdentity(attributes: Map<string, HclAttribute>, block: SyntaxNode, label: string, labelRange: OffsetRange): ModuleRole | undefined {
  if (isFalse(attributes.get('create'))) return undefined;
  // `associations = { x = { cluster_name, namespace, service_account } }`: the role is made for these ServiceAccounts.
  const associated = entries(attributes.get('associations')?.value).flatMap((entry) => {
    const fields = objectAttributes(entry.value);
    const [namespace, name] = [literalString(fields.get('namespace')), literalString(fields.get('service_account'))];
    return namespace && name ? [{ name: name.value, namespace: namespace.value, namespaceExplicit: true, range: name.content }] : [];
  });
  const statement: TrustStatementFacts = {
    range: labelRange,
    allow: true,
    webIdentity: false,
    podIdentity: true,
    ...(associated.length ? { podIdentityServiceAccounts: associated.map(({ namespace, name }) => ({ namespace, name })) } : {}),
    providers: [],
    subjects: [],
    audiences: [],
  };
  const trust: TrustPolicyFacts = { range: span(block), statements: [statement] };
  const permissions = permissionsOf(attributes, ['additional_policy_arns', 'policy_arns']);
  const references = associated.map((sa): RoleReference => ({ kind: 'pod-identity', arn: '', template: true, range: sa.range, serviceAccount: sa }));
  return { role: definition(roleName(attributes, true), input(attributes.get('path')?.value), label, labelRange, trust, permissions), trust, references };
}
