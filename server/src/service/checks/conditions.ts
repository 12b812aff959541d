import { Catalog, conditionKeyId, ResolvedConditionKey, SINGLE_VALUED_IN_PRACTICE } from '../catalog/catalog';
import { EKS_OIDC_CLAIMS, eksClaimOf, identityProviderKey } from '../catalog/oidc';
import { OperatorType, ParsedOperator, parseOperator, suggestOperators } from '../catalog/operators';
import { CatalogMemo, suggest } from '../catalog/suggest';
import { isExpression } from '../parse/embedded';
import { stringItems, valueRange } from '../parse/json';
import { ConditionBlock, ConditionEntry, conditionsOf, principalOf, Statement } from '../parse/policy';
import { OffsetRange } from '../parse/range';
import { checkValues } from './conditionValueTypes';
import { Finding } from './finding';
import { PolicyCheck, PolicyContext } from './context';
import { tagKeysOfService } from './security';
import { actionsOfStatement } from '../catalog/statementActions';
import { IamAction } from '../catalog/iamModel';

/** Global keys AWS has replaced; the catalogue no longer lists them. */
const DEPRECATED_GLOBAL_KEYS: Record<string, string> = {
  'aws:arn': 'aws:PrincipalArn (who calls) or aws:SourceArn (the resource a service acts for)',
};

/** The aws: keys a request carries only when the action handles tags: they are checked per action. */
const TAG_KEY_IDS = new Set(['aws:requesttag/*', 'aws:resourcetag/*', 'aws:tagkeys']);

/** Key types (catalogue spelling) each operator type may compare. */
const COMPATIBLE: Record<OperatorType, readonly string[] | 'any'> = {
  String: ['String', 'ArrayOfString', 'ARN', 'ArrayOfARN'],
  ARN: ['ARN', 'ArrayOfARN', 'String', 'ArrayOfString'],
  Numeric: ['Numeric', 'ArrayOfNumeric', 'Long', 'Integer'],
  Date: ['Date', 'ArrayOfDate'],
  Bool: ['Bool', 'ArrayOfBool'],
  Binary: ['Binary', 'ArrayOfBinary'],
  IPAddress: ['IPAddress', 'ArrayOfIPAddress'],
  Null: 'any',
};

const OPERATOR_FOR_TYPE: Record<string, string> = {
  String: 'StringEquals / StringLike',
  ARN: 'ArnLike / ArnEquals',
  Numeric: 'NumericEquals / NumericLessThan…',
  Date: 'DateGreaterThan / DateLessThan…',
  Bool: 'Bool',
  IPAddress: 'IpAddress / NotIpAddress',
  Binary: 'BinaryEquals',
};

/** Did-you-mean for a condition key, ranked once per key typed. */
function meantKeys(name: string, prefix: string, catalog: Catalog): string[] {
  return [...meantKeyLists.get(catalog, `${prefix}\u0000${name}`, () => suggest(name, catalog.conditionKeyNames(prefix).map(concreteTemplate), 3))];
}

const meantKeyLists = new CatalogMemo<readonly string[]>();

/** Section F of CHECKS.md: operators, keys, and the values they compare. */
export const conditionChecks: PolicyCheck = {
  statement(statement, context): Finding[] {
    const findings: Finding[] = [];
    // A key written twice is DUPLICATE_KEYS_WITH_DIFFERENT_CASE's the second time: one bad key, one finding.
    const seen = new Set<string>();
    for (const block of conditionsOf(statement.element.Condition)) {
      const repeated = seen.has(block.key.toLowerCase());
      seen.add(block.key.toLowerCase());
      findings.push(...checkBlock(block, statement, context, repeated));
    }
    return findings;
  },
};

function checkBlock(block: ConditionBlock, statement: Statement, context: PolicyContext, repeated: boolean): Finding[] {
  const { text } = context.file;
  const findings: Finding[] = [];
  const operatorRange = valueRange(block.keyNode, text);
  const operator = parseOperator(block.key);
  if (!operator) {
    if (!repeated) findings.push(invalidOperator(block, operatorRange));
  } else if (operator.base.name === 'Null' && operator.ifExists) {
    findings.push({
      code: 'NULL_WITH_IF_EXISTS',
      ...operatorRange,
      message: `"${block.key}" does not exist: Null already tests whether the key is present. Use "Null"`,
      data: { replacements: ['Null'] },
    });
  } else if (operator.base.name === 'Null' && operator.qualifier) {
    findings.push({
      code: 'NULL_WITH_QUALIFIER',
      ...operatorRange,
      message: `"${block.key}": Null tests whether the key is present at all; "${operator.qualifier}:" adds nothing. Use "Null"`,
      data: { replacements: ['Null'] },
    });
  }
  for (const entry of block.entries) {
    const key = checkKey(entry, statement, operator, operatorRange, context, findings);
    if (operator) findings.push(...checkValues(entry, block, operator, key, text));
  }
  return findings;
}

const VALUE_NAMES: Record<string, string> = { string: 'a string', number: 'a number', boolean: 'a boolean', null: 'null', array: 'an array' };

function invalidOperator(block: ConditionBlock, range: OffsetRange): Finding {
  const replacements = suggestOperators(block.key);
  const value = block.valueNode && !isExpression(block.valueNode) ? VALUE_NAMES[block.valueNode.type] : undefined;
  // Its value not being an object follows from the key not being an operator: said here, not apart (DATA_TYPE_MISMATCH).
  const notObject = value ? ` (and its value is ${value}, not an object of condition keys and values)` : '';
  return {
    code: 'INVALID_CONDITION_OPERATOR',
    ...range,
    message: `"${block.key}" is not a condition operator${notObject}: IAM rejects the policy${replacements.length ? `; did you mean "${replacements[0]}"?` : ''}`,
    data: replacements.length ? { replacements } : undefined,
  };
}

/** Checks one condition key and returns what the catalogue knows of it (its type), if anything. */
function checkKey(
  entry: ConditionEntry,
  statement: Statement,
  operator: ParsedOperator | undefined,
  operatorRange: OffsetRange,
  context: PolicyContext,
  findings: Finding[],
): ResolvedConditionKey | undefined {
  const { catalog } = context;
  const name = entry.key;
  const range = valueRange(entry.keyNode, context.file.text);
  const colon = name.indexOf(':');
  if (colon <= 0 || colon === name.length - 1) {
    findings.push({
      code: 'INVALID_CONDITION_KEY_FORMAT',
      ...range,
      message: `"${name}" is not a condition key: keys are written prefix:name, for example "aws:SourceIp" or "s3:prefix"`,
    });
    return undefined;
  }
  const prefix = name.slice(0, colon);
  const lower = name.toLowerCase();
  const deprecated = DEPRECATED_GLOBAL_KEYS[lower];
  if (deprecated) {
    findings.push({
      code: 'DEPRECATED_GLOBAL_CONDITION_KEY',
      ...range,
      message: `"${name}" is deprecated and no longer in AWS's list of global keys: use ${deprecated}`,
    });
    return undefined;
  }
  if (/^[a-z0-9-]+:(request|resource|principal)tag\/?$/i.test(name)) {
    findings.push({
      code: 'MISSING_TAG_KEY_IN_CONDITION',
      ...range,
      message: `"${name}" names no tag: write "${name.replace(/\/?$/, '/')}TagName", e.g. "${name.replace(/\/?$/, '/')}Department"`,
    });
    return undefined;
  }
  const resolved = catalog.conditionKey(name);
  if (!resolved) {
    if (prefix.toLowerCase() === 'aws') {
      const replacements = meantKeys(name, 'aws', catalog);
      findings.push({
        code: 'INVALID_GLOBAL_CONDITION_KEY',
        ...range,
        message: `"${name}" is not a global condition key: no request carries it, so the condition ${conditionOutcome(operator)}${replacements.length ? `; did you mean "${replacements[0]}"?` : ''}`,
        data: replacements.length ? { replacements } : undefined,
      });
    } else if (eksClaimOf(name) !== undefined && !EKS_OIDC_CLAIMS.includes(eksClaimOf(name)!)) {
      const { provider, claim } = identityProviderKey(name)!;
      const replacements = suggest(claim, EKS_OIDC_CLAIMS, 1).map((c) => `${provider}:${c}`);
      findings.push({
        code: 'INVALID_SERVICE_CONDITION_KEY',
        ...range,
        message: `An EKS service account token has no "${claim}" claim (only ${EKS_OIDC_CLAIMS.join(', ')}): the condition ${conditionOutcome(operator)}${replacements.length ? `; did you mean "${replacements[0]}"?` : ''}`,
        data: replacements.length ? { replacements } : undefined,
      });
    } else if (identityProviderKey(name) || federatedProviders(statement).has(prefix.toLowerCase())) {
      // An identity provider's claim (accounts.google.com:aud, an OIDC issuer:sub, the statement's own
      // Federated provider): the catalogue lists only some, and providers may add their own claims.
      return undefined;
    } else {
      const service = catalog.service(prefix);
      // A retired or unknown service's key beside that service's actions: the action is already reported.
      if (!service && stringItems(statement.element.Action?.valueNode).some((a) => (a.value as string).toLowerCase().startsWith(`${prefix.toLowerCase()}:`)))
        return undefined;
      const replacements = service ? meantKeys(name, prefix, catalog) : [];
      findings.push({
        code: 'INVALID_SERVICE_CONDITION_KEY',
        ...range,
        message: service
          ? `"${name}" is not a condition key of ${service.name}: no request carries it, so the condition ${conditionOutcome(operator)}${replacements.length ? `; did you mean "${replacements[0]}"?` : ''}`
          : `"${prefix}" is not a service prefix, so "${name}" is not a condition key: the condition ${conditionOutcome(operator)}`,
        data: replacements.length ? { replacements } : undefined,
      });
    }
    return undefined;
  }
  if (operator) {
    findings.push(...keyTypeFindings(entry, resolved, operator, range, operatorRange));
    const unsupported = unsupportedByActions(entry, resolved, operator, statement, catalog, range);
    if (unsupported) findings.push(unsupported);
  }
  return resolved;
}

/** The OIDC providers a statement trusts (`arn:…:oidc-provider/NAME` → `name`), whose claims are its keys. */
function federatedProviders(statement: Statement): Set<string> {
  const providers = new Set<string>();
  const principal = principalOf(statement.element.Principal);
  for (const entry of principal?.form === 'object' ? principal.entries : []) {
    if (entry.key !== 'Federated') continue;
    for (const value of entry.values) {
      const match = /:oidc-provider\/(.+)$/.exec(value.value as string);
      if (match) providers.add(match[1].toLowerCase());
    }
  }
  return providers;
}

/** A key template as a user would type it: `aws:RequestTag/${TagKey}` → `aws:RequestTag/`. */
function concreteTemplate(key: string): string {
  return key.replace(/\$\{[^}]*\}|<[^>]*>|tag-key$/g, '');
}

/** What an absent key does to the condition: it never holds, or (negated, IfExists, ForAllValues, Null) always does. */
function conditionOutcome(operator: ParsedOperator | undefined): string {
  if (!operator) return 'cannot be evaluated';
  if (operator.base.name === 'Null') return 'is decided by absence alone';
  return operator.base.negated || operator.ifExists || operator.qualifier === 'ForAllValues' ? 'always holds' : 'never holds';
}

function keyTypeFindings(
  entry: ConditionEntry,
  key: ResolvedConditionKey,
  operator: ParsedOperator,
  range: OffsetRange,
  operatorRange: OffsetRange,
): Finding[] {
  const findings: Finding[] = [];
  const compatible = COMPATIBLE[operator.base.type];
  const baseType = key.type.replace(/^ArrayOf/, '');
  if (compatible !== 'any' && key.type && !compatible.includes(key.type)) {
    findings.push({
      code: 'TYPE_MISMATCH',
      ...range,
      message: `"${entry.key}" is of type ${key.type} but "${operator.text}" compares ${operator.base.type} values: the comparison fails or is meaningless. Use ${OPERATOR_FOR_TYPE[baseType] ?? `a ${baseType} operator`}`,
    });
  }
  const multivalued = key.type.startsWith('ArrayOf') && !SINGLE_VALUED_IN_PRACTICE.has(key.id);
  if (multivalued && !operator.qualifier && operator.base.name !== 'Null') {
    findings.push({
      code: 'MISSING_QUALIFIER',
      ...range,
      message: `"${entry.key}" holds a set of values: compare it with "ForAnyValue:${operator.text}" (at least one matches) or "ForAllValues:${operator.text}" (all match), not "${operator.text}" alone`,
      data: { replacements: [`ForAnyValue:${operator.text}`, `ForAllValues:${operator.text}`], range: operatorRange },
    });
  }
  if (!multivalued && operator.qualifier === 'ForAllValues' && operator.base.name !== 'Null') {
    findings.push({
      code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
      ...range,
      message: `"${entry.key}" has a single value: "ForAllValues:" also holds when the key is absent, so ${operator.base.negated ? 'the condition' : 'this'} matches requests without it. Drop the qualifier`,
    });
  }
  return findings;
}

/**
 * A condition that can never hold because no action of the statement sends its key: the statement
 * never applies. Tag keys are checked against every action; a service key only when none of the
 * statement's actions belongs to its service (the catalogue's per-action key lists have gaps, so a
 * key of the actions' own service is given the benefit of the doubt).
 */
function unsupportedByActions(
  entry: ConditionEntry,
  key: ResolvedConditionKey,
  operator: ParsedOperator,
  statement: Statement,
  catalog: Catalog,
  range: OffsetRange,
): Finding | undefined {
  const isTagKey = TAG_KEY_IDS.has(key.id);
  if (key.service === 'aws' && !isTagKey) return undefined;
  if (!neverHoldsWhenAbsent(operator, entry)) return undefined;
  const { actions, open } = actionsOfStatement(statement, catalog);
  if (open || actions.length === 0) return undefined;
  if (actions.some((action) => catalog.conditionKeyIdsOf(action).has(key.id))) return undefined;
  // A service that never supports the tag key at all is the security family's finding (G).
  if (isTagKey && actions.every((action) => !tagKeysOfService(catalog, action.service).has(key.id))) return undefined;
  const keyPrefix = entry.key.slice(0, entry.key.indexOf(':')).toLowerCase();
  if (!isTagKey && actions.some((action) => action.service.toLowerCase() === keyPrefix)) return undefined;
  const effect = statement.element.Effect?.valueNode?.value === 'Deny' ? 'Deny' : 'Allow';
  const names = actions.map((a) => `${a.service}:${a.name}`);
  const who =
    names.length === 1
      ? `"${names[0]}" never sends`
      : `none of the statement's ${names.length} actions (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}) sends`;
  return {
    code: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    ...range,
    message: `${who} "${entry.key}": the condition never holds, so this ${effect} never applies`,
    data: { actions: names, replacements: isTagKey ? tagKeysSent(entry.key, actions, catalog) : [] },
  };
}

/**
 * The same tag under keys every action of the statement does send (`aws:RequestTag/Team` on
 * `s3:GetObject` → `s3:ExistingObjectTag/Team`), the actions' own keys first: the quick fixes.
 */
function tagKeysSent(written: string, actions: readonly IamAction[], catalog: Catalog): string[] {
  const slash = written.indexOf('/');
  if (slash < 0) return [];
  const tag = written.slice(slash + 1);
  const own = new Set(actions.flatMap((a) => a.conditionKeys.map(conditionKeyId)));
  const shared = [...catalog.conditionKeyIdsOf(actions[0])].filter((id) => id.endsWith('tag/*') && actions.every((a) => catalog.conditionKeyIdsOf(a).has(id)));
  const rank = (id: string) => (own.has(id) ? 0 : id.startsWith('aws:') ? 1 : 2);
  return shared
    .sort((a, b) => rank(a) - rank(b))
    .flatMap((id) => {
      const template = catalog.conditionKey(id.replace('*', tag))?.key;
      return template ? [template.replace(/\$\{[^}]*\}|<[^>]*>|tag-key$/, tag)] : [];
    })
    .filter((key) => key.toLowerCase() !== written.toLowerCase())
    .slice(0, 3);
}

/** Whether the condition is false for a request without the key (so it can never hold for these actions). */
function neverHoldsWhenAbsent(operator: ParsedOperator, entry: ConditionEntry): boolean {
  if (operator.base.name === 'Null') return entry.values.some((v) => String(v.value).toLowerCase() === 'false');
  return !operator.base.negated && !operator.ifExists && operator.qualifier !== 'ForAllValues';
}
