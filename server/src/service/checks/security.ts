import { Catalog, conditionKeyId } from '../catalog/catalog';
import { parseOperator } from '../catalog/operators';
import { JsonNode, stringItems, valueRange } from '../parse/json';
import { ConditionBlock, ConditionEntry, conditionsOf, PolicyElement, principalOf, Statement } from '../parse/policy';
import { rangeOf } from '../parse/range';
import { Finding } from './finding';
import { coveringItems, hasCondition, privilegeEscalation, resourceIsStar } from './escalation';
import { CheckCode } from './registry';
import { PolicyCheck, PolicyContext } from './context';
import { actionsOfStatement } from '../catalog/statementActions';

/**
 * CHECKS.md section G: what an Allow grants too broadly (every role to pass, every action, every
 * principal), tag conditions a service never sends, and known privilege escalation paths.
 */
export const securityChecks: PolicyCheck = {
  statement: checkSecurity,
  // Escalation paths are judged across the policy's statements, unless one already grants everything.
  after: ({ file, kind }) =>
    kind === 'identity' && !file.policy.statements.some((s) => s.element.Effect?.valueNode?.value === 'Allow' && fullAdmin(s, file.text))
      ? privilegeEscalation(file.policy.statements, file.text)
      : [],
};

function checkSecurity(statement: Statement, context: PolicyContext): Finding[] {
  const { file, kind } = context;
  const findings: Finding[] = [];
  {
    const effect = statement.element.Effect?.valueNode?.value;
    if (effect === 'Allow') {
      if (kind === 'identity') {
        const full = fullAdmin(statement, file.text);
        if (full) {
          findings.push(full);
        } else {
          findings.push(...sensitiveActionOnStar(statement, PASS_ROLE, file.text), ...sensitiveActionOnStar(statement, CREATE_SLR, file.text));
        }
      }
      if (kind !== 'trust') findings.push(...allowWithNot(statement));
      if (kind === 'trust') {
        const anyone = trustAnyPrincipal(statement, file.text);
        if (anyone) findings.push(anyone);
      }
    }
    if (effect === 'Allow' || effect === 'Deny') findings.push(...unsupportedTagKeys(statement, effect, context.catalog));
  }
  return findings;
}

const ANY_ACTION = new Set(['*', '*:*']);

function fullAdmin(statement: Statement, text: string): Finding | undefined {
  const star = stringItems(statement.element.Action?.valueNode).find((a) => ANY_ACTION.has(a.value as string));
  if (!star || !resourceIsStar(statement) || hasCondition(statement)) return undefined;
  return {
    code: 'FULL_ADMIN_ACCESS',
    ...valueRange(star, text),
    message:
      '"Action": "*" on "Resource": "*" without a condition grants every action on every resource: full administrator access, including changing its own permissions and passing any role. List the actions and resources the workload needs instead',
  };
}

/** iam:PassRole and iam:CreateServiceLinkedRole: the six Access Analyzer codes of each, by how the action and the resource are given. */
interface SensitiveAction {
  readonly action: string;
  /** A condition key that scopes the action enough to stay silent. */
  readonly scopingKey: string;
  readonly codes: {
    readonly action: { readonly star: CheckCode; readonly notResource: CheckCode };
    readonly wildcard: { readonly star: CheckCode; readonly notResource: CheckCode };
    readonly notAction: { readonly star: CheckCode; readonly notResource: CheckCode };
  };
  readonly risk: string;
  /** How to grant it safely, completing "grant it …". */
  readonly scope: string;
}

const PASS_ROLE: SensitiveAction = {
  action: 'iam:PassRole',
  scopingKey: 'iam:passedtoservice',
  codes: {
    action: { star: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', notResource: 'PASS_ROLE_WITH_STAR_IN_NOT_RESOURCE' },
    wildcard: { star: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', notResource: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE' },
    notAction: { star: 'PASS_ROLE_WITH_NOT_ACTION_AND_STAR_IN_RESOURCE', notResource: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE' },
  },
  risk: "lets the holder hand any role of the account, an administrator role included, to a service (an EC2 instance, a Lambda function...) and act with that role's permissions",
  scope: 'with the role ARNs in "Resource", or with a condition on "iam:PassedToService"',
};

const CREATE_SLR: SensitiveAction = {
  action: 'iam:CreateServiceLinkedRole',
  scopingKey: 'iam:awsservicename',
  codes: {
    action: { star: 'CREATE_SLR_WITH_STAR_IN_RESOURCE', notResource: 'CREATE_SLR_WITH_STAR_IN_NOT_RESOURCE' },
    wildcard: { star: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', notResource: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE' },
    notAction: { star: 'CREATE_SLR_WITH_NOT_ACTION_AND_STAR_RESOURCE', notResource: 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE' },
  },
  risk: 'lets the holder create the service-linked role of any AWS service, each with the permissions AWS gives that service',
  scope:
    'with a condition on "iam:AWSServiceName" naming the services, or with their role ARNs ("arn:aws:iam::*:role/aws-service-role/<service>/*") in "Resource"',
};

/** A NotResource that leaves out every role (`*`, `arn:aws:iam::*:role/*`) grants nothing worth a warning. */
const EVERY_ROLE = /^(\*|arn:[^:]*:iam::\*:(\*|role\/\*))$/;

function sensitiveActionOnStar(statement: Statement, sensitive: SensitiveAction, text: string): Finding[] {
  const { Action, NotAction, NotResource } = statement.element;
  let resource: 'star' | 'notResource';
  if (resourceIsStar(statement)) resource = 'star';
  else if (NotResource && !stringItems(NotResource.valueNode).some((r) => EVERY_ROLE.test(r.value as string))) resource = 'notResource';
  else return [];
  const scoped = conditionsOf(statement.element.Condition).some((block) => block.entries.some((e) => e.key.toLowerCase() === sensitive.scopingKey));
  if (scoped) return [];
  const on = resource === 'star' ? 'on "Resource": "*"' : 'with "NotResource" (every resource but those listed)';
  if (NotAction) {
    if (coveringEntry(NotAction, sensitive.action)) return [];
    return [
      {
        code: sensitive.codes.notAction[resource],
        ...rangeOf(NotAction.keyNode),
        message: `"NotAction" does not exclude ${sensitive.action}, so this Allow grants it ${on}, which ${sensitive.risk}. Add "${sensitive.action}" to "NotAction" and grant it in a statement of its own, ${sensitive.scope}`,
      },
    ];
  }
  const items = stringItems(Action?.valueNode);
  const lower = sensitive.action.toLowerCase();
  // Lower case keeps the length of anything equal to an ASCII name: the length sorts out most entries first.
  const exact = items.find((a) => (a.value as string).length === lower.length && (a.value as string).toLowerCase() === lower);
  const wildcard = exact ? undefined : coveringEntry(Action, sensitive.action);
  const item = exact ?? wildcard;
  if (!item) return [];
  const value = item.value as string;
  const what = exact ? `"${value}"` : `"${value}" includes ${sensitive.action}, which`;
  return [
    {
      code: sensitive.codes[exact ? 'action' : 'wildcard'][resource],
      ...valueRange(item, text),
      message: `${what} ${on} ${sensitive.risk}. Grant ${sensitive.action} ${sensitive.scope}`,
    },
  ];
}

/** The first entry that covers the action (asked for iam:PassRole, then iam:CreateServiceLinkedRole; kept per value with the escalation paths'). */
function coveringEntry(element: PolicyElement | undefined, action: string): JsonNode | undefined {
  const value = element?.valueNode;
  return value ? coveringItems(value).get(action) : undefined;
}

function allowWithNot(statement: Statement): Finding[] {
  const findings: Finding[] = [];
  const { NotAction, NotResource } = statement.element;
  if (NotAction) {
    const listed = stringItems(NotAction.valueNode).map((a) => a.value as string);
    findings.push({
      code: 'ALLOW_WITH_NOTACTION',
      ...rangeOf(NotAction.keyNode),
      message: `"Allow" with "NotAction" grants every action of every service except ${listOf(listed)}, including actions AWS adds later. List the actions to allow in "Action" instead`,
    });
  }
  if (NotResource) {
    const listed = stringItems(NotResource.valueNode).map((r) => r.value as string);
    findings.push({
      code: 'ALLOW_WITH_NOTRESOURCE',
      ...rangeOf(NotResource.keyNode),
      message: `"Allow" with "NotResource" grants the actions on every resource except ${listOf(listed)}, in every account and including resources created later. List the resources to allow in "Resource" instead`,
    });
  }
  return findings;
}

function listOf(values: readonly string[]): string {
  if (values.length === 0) return 'none';
  const shown = values
    .slice(0, 3)
    .map((v) => `"${v}"`)
    .join(', ');
  return values.length > 3 ? `${shown} and ${values.length - 3} more` : shown;
}

/** Condition keys that pin who may assume a role trusted to `*` (lower case; tag keys by prefix). */
const NARROWING_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalservicename',
  'aws:principalservicenameslist',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceowner',
  'aws:sourceidentity',
  'aws:userid',
  'aws:username',
  'sts:externalid',
]);

function narrowsPrincipal(key: string): boolean {
  const lower = key.toLowerCase();
  return NARROWING_KEYS.has(lower) || lower.startsWith('aws:principaltag/');
}

function trustAnyPrincipal(statement: Statement, text: string): Finding | undefined {
  const principal = principalOf(statement.element.Principal);
  let star: JsonNode | undefined;
  if (principal?.form === 'wildcard') star = principal.node;
  else if (principal?.form === 'object') star = principal.entries.find((e) => e.key === 'AWS')?.values.find((v) => v.value === '*');
  if (!star) return undefined;
  if (conditionsOf(statement.element.Condition).some((block) => block.entries.some((e) => narrowsPrincipal(e.key)))) return undefined;
  return {
    code: 'TRUST_ANY_PRINCIPAL',
    ...valueRange(star, text),
    message:
      'A trust policy with principal "*" lets any AWS account\'s users and roles assume this role. Name the accounts or roles in "Principal", or narrow it with a condition on "aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:PrincipalArn" or "sts:ExternalId"',
  };
}

const TAG_KEY_IDS: ReadonlySet<string> = new Set(['aws:resourcetag/*', 'aws:requesttag/*', 'aws:tagkeys']);

/** Per catalogue, per service: which of the three tag key ids any of its actions or resource types supports. Built on first use. */
const serviceTagSupport = new WeakMap<Catalog, Map<string, ReadonlySet<string>>>();

/**
 * The tag key ids (`aws:resourcetag/*`, `aws:requesttag/*`, `aws:tagkeys`) that some action or
 * resource type of a service supports: a service outside this set never sends the key.
 */
export function tagKeysOfService(catalog: Catalog, prefix: string): ReadonlySet<string> {
  let byService = serviceTagSupport.get(catalog);
  if (!byService) serviceTagSupport.set(catalog, (byService = new Map()));
  const lower = prefix.toLowerCase();
  let ids = byService.get(lower);
  if (ids) return ids;
  const supported = new Set<string>();
  const service = catalog.service(lower);
  if (service) {
    const consider = (id: string) => TAG_KEY_IDS.has(id) && supported.add(id);
    for (const action of service.actions.values()) catalog.conditionKeyIdsOf(action).forEach(consider);
    for (const type of service.resourceTypes.values()) (type.conditionKeys ?? []).forEach((k) => consider(conditionKeyId(k)));
    for (const key of service.conditionKeys.values()) consider(conditionKeyId(key.key));
  }
  ids = supported;
  byService.set(lower, ids);
  return ids;
}

/** What a condition on a key that is never in the request evaluates to: constant, or unknown. */
function valueWhenAbsent(block: ConditionBlock, entry: ConditionEntry): boolean | undefined {
  const operator = parseOperator(block.key);
  if (!operator) return undefined;
  if (operator.base.name === 'Null') {
    const values = new Set(entry.values.map((v) => String(v.value).toLowerCase()));
    return values.size === 1 ? values.has('true') : undefined;
  }
  if (operator.ifExists) return true;
  if (operator.qualifier === 'ForAllValues') return true;
  if (operator.qualifier === 'ForAnyValue') return false;
  return operator.base.negated;
}

/** `aws:ResourceTag/team` → `aws:resourcetag/*`; undefined for a key that is not one of the three tag keys. */
function tagKeyId(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'aws:tagkeys') return lower;
  return /^aws:(request|resource)tag\/./.test(lower) ? lower.replace(/\/.*$/, '/*') : undefined;
}

/** A tag condition key on a statement none of whose services ever sends it: the condition is constant. */
function unsupportedTagKeys(statement: Statement, effect: 'Allow' | 'Deny', catalog: Catalog): Finding[] {
  const blocks = conditionsOf(statement.element.Condition);
  // Most conditions name no tag key: then the statement's services need not be worked out.
  if (!blocks.some((block) => block.entries.some((entry) => tagKeyId(entry.key) !== undefined))) return [];
  const { actions, open } = actionsOfStatement(statement, catalog);
  if (open || actions.length === 0) return [];
  const services = [...new Set(actions.map((a) => a.service.toLowerCase()))];
  const findings: Finding[] = [];
  for (const block of blocks) {
    for (const entry of block.entries) {
      const id = tagKeyId(entry.key);
      if (!id) continue;
      if (services.some((s) => tagKeysOfService(catalog, s).has(id))) continue;
      const always = valueWhenAbsent(block, entry);
      if (always === undefined) continue;
      findings.push(tagKeyFinding(catalog, effect, block, entry, services, always));
    }
  }
  return findings;
}

function tagKeyFinding(catalog: Catalog, effect: 'Allow' | 'Deny', block: PolicyElement, entry: ConditionEntry, services: string[], always: boolean): Finding {
  const names = services.map((s) => `${catalog.service(s)?.name ?? s} (${s})`);
  const outcome =
    effect === 'Deny'
      ? always
        ? `"${block.key}" is then always true, so this Deny applies whatever the tags`
        : `"${block.key}" is then never true, so this Deny denies nothing`
      : always
        ? `"${block.key}" is then always true, so this Allow grants whatever the tags`
        : `"${block.key}" is then never true, so this Allow grants nothing`;
  return {
    code: effect === 'Deny' ? 'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE' : 'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE',
    ...rangeOf(entry.keyNode),
    message: `${names.length === 1 ? `No action of ${names[0]} supports` : `None of the services ${names.join(', ')} supports`} "${entry.key}": the key is never in the request, and ${outcome}. Control these actions by resource ARN, or use a condition key the service supports`,
  };
}
