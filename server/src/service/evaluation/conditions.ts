import { IpRange } from '../catalog/conditionValues';
import { OperatorType, parseOperator, SetQualifier } from '../catalog/operators';
import { JsonNode } from '../parse/json';
import { ConditionBlock } from '../parse/policy';
import { RequestContext } from './context';
import { codeAt, compileTemplate, isPattern, matchPattern, Pattern, patternText, resolveTemplate, Template } from './template';
import { every, not, some, Tri } from './tri';
import { inRange, readAddress, readBool, readCidr, readDate, readNumber } from './values';

/**
 * One `"Operator": { "key": values }` pair of a Condition, compiled (IAM user guide, "Condition
 * operators", "Single-valued vs. multivalued context keys"): values of one key are ORed; the
 * caller ANDs keys and operators.
 */
export interface CompiledCondition {
  readonly operator: string;
  /** The key as written, named in a `depends` answer. */
  readonly key: string;
  readonly lowerKey: string;
  /** An operator IAM does not know, or a value that is an object: the condition never holds. */
  readonly malformed: boolean;
  readonly type: OperatorType;
  readonly comparison: Comparison;
  readonly negated: boolean;
  readonly qualifier: SetQualifier | undefined;
  readonly ifExists: boolean;
  readonly values: readonly CompiledValue[];
}

/** The positive comparison behind an operator; negated operators are NOT of it. */
type Comparison =
  'equals' | 'equalsIgnoreCase' | 'like' | 'lessThan' | 'lessThanEquals' | 'greaterThan' | 'greaterThanEquals' | 'arn' | 'ip' | 'bool' | 'binary' | 'null';

/** A policy value read for its operator; `invalid` values match nothing. */
type CompiledValue =
  | { readonly kind: 'template'; readonly template: Template }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'cidr'; readonly value: IpRange }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'invalid' };

const COMPARISONS: Readonly<Record<string, Comparison>> = {
  StringEquals: 'equals',
  StringNotEquals: 'equals',
  StringEqualsIgnoreCase: 'equalsIgnoreCase',
  StringNotEqualsIgnoreCase: 'equalsIgnoreCase',
  StringLike: 'like',
  StringNotLike: 'like',
  NumericEquals: 'equals',
  NumericNotEquals: 'equals',
  NumericLessThan: 'lessThan',
  NumericLessThanEquals: 'lessThanEquals',
  NumericGreaterThan: 'greaterThan',
  NumericGreaterThanEquals: 'greaterThanEquals',
  DateEquals: 'equals',
  DateNotEquals: 'equals',
  DateLessThan: 'lessThan',
  DateLessThanEquals: 'lessThanEquals',
  DateGreaterThan: 'greaterThan',
  DateGreaterThanEquals: 'greaterThanEquals',
  Bool: 'bool',
  BinaryEquals: 'binary',
  IpAddress: 'ip',
  NotIpAddress: 'ip',
  ArnEquals: 'arn',
  ArnLike: 'arn',
  ArnNotEquals: 'arn',
  ArnNotLike: 'arn',
  Null: 'null',
};

/** The scalar text of a JSON value: strings, numbers and booleans as IAM reads them; else undefined. */
function scalarText(node: JsonNode): string | undefined {
  if (node.type === 'string') return node.value as string;
  if (node.type === 'number' || node.type === 'boolean') return String(node.value);
  return undefined;
}

export function compileConditions(blocks: readonly ConditionBlock[], variables: boolean): CompiledCondition[] {
  const result: CompiledCondition[] = [];
  for (const block of blocks) {
    const parsed = parseOperator(block.key);
    const name = parsed?.base.name ?? '';
    const type = parsed?.base.type ?? 'String';
    const comparison = COMPARISONS[name] ?? 'equals';
    if (!parsed || block.valueNode?.type !== 'object') {
      result.push(unknownCondition(block.key));
      continue;
    }
    for (const entry of block.entries) {
      const values = entry.values.map((node) => compileValue(scalarText(node), type, comparison, variables && parsed.base.variables));
      // A key whose value is an object or null is no condition IAM accepts: it never holds.
      const nested = !entry.valueNode || entry.valueNode.type === 'object' || entry.valueNode.type === 'null';
      result.push({
        operator: block.key,
        key: entry.key,
        lowerKey: entry.key.toLowerCase(),
        malformed: nested,
        type,
        comparison,
        negated: parsed.base.negated,
        qualifier: parsed.qualifier,
        ifExists: parsed.ifExists,
        values,
      });
    }
  }
  return result;
}

function unknownCondition(operator: string): CompiledCondition {
  return {
    operator,
    key: '',
    lowerKey: '',
    malformed: true,
    type: 'String',
    comparison: 'equals',
    negated: false,
    qualifier: undefined,
    ifExists: false,
    values: [],
  };
}

function compileValue(text: string | undefined, type: OperatorType, comparison: Comparison, variables: boolean): CompiledValue {
  if (text === undefined) return { kind: 'invalid' };
  switch (type) {
    case 'String':
    case 'ARN':
      return { kind: 'template', template: compileTemplate(text, variables) };
    case 'Numeric':
    case 'Date': {
      const value = type === 'Numeric' ? readNumber(text) : readDate(text);
      return value === undefined ? { kind: 'invalid' } : { kind: 'number', value };
    }
    case 'IPAddress': {
      const value = readCidr(text);
      return value ? { kind: 'cidr', value } : { kind: 'invalid' };
    }
    case 'Bool':
      // Bool takes policy variables (catalog/operators.ts): such a value is read once resolved.
      if (variables && text.includes('${')) return { kind: 'template', template: compileTemplate(text, variables) };
      return readBool(text) === undefined ? { kind: 'invalid' } : { kind: 'bool', value: readBool(text)! };
    case 'Null': {
      const value = readBool(text);
      return value === undefined ? { kind: 'invalid' } : { kind: 'bool', value };
    }
    default:
      return comparison === 'binary' ? { kind: 'text', value: text } : { kind: 'invalid' };
  }
}

/** Whether the request satisfies one compiled condition. */
export function evaluateCondition(condition: CompiledCondition, context: RequestContext): Tri {
  if (condition.malformed) return false;
  const values = context.get(condition.lowerKey);
  if (values === undefined && context.unknown(condition.lowerKey)) return [condition.key];
  if (condition.comparison === 'null') {
    const absent = values === undefined;
    return condition.values.some((v) => v.kind === 'bool' && v.value === absent);
  }
  if (values === undefined) {
    if (condition.ifExists || condition.qualifier === 'ForAllValues') return true;
    if (condition.qualifier === 'ForAnyValue') return false;
    return condition.negated;
  }
  // "…or if the context key value resolves to a null dataset, such as an empty string" (IAM user guide).
  if (condition.qualifier === 'ForAllValues' && values.every((v) => v === '')) return true;
  const matches = (value: string): Tri => some(condition.values, (policyValue) => compare(condition, value, policyValue, context));
  if (condition.qualifier === undefined) {
    const any = some(values, matches);
    return condition.negated ? not(any) : any;
  }
  const each = condition.negated ? (value: string) => not(matches(value)) : matches;
  return condition.qualifier === 'ForAllValues' ? every(values, each) : some(values, each);
}

/** One request value against one policy value, by the operator's positive comparison. */
function compare(condition: CompiledCondition, value: string, policyValue: CompiledValue, context: RequestContext): Tri {
  switch (policyValue.kind) {
    case 'invalid':
      return false;
    case 'template': {
      const resolved = resolveTemplate(policyValue.template, context);
      if (resolved === undefined) return false;
      return isPattern(resolved) ? compareText(condition.comparison, value, resolved) : resolved.unknown;
    }
    case 'number': {
      const read = condition.type === 'Numeric' ? readNumber(value) : readDate(value);
      return read !== undefined && compareNumbers(condition.comparison, read, policyValue.value);
    }
    case 'cidr': {
      const address = readAddress(value);
      return address !== undefined && inRange(policyValue.value, address);
    }
    case 'bool':
      return readBool(value) === policyValue.value;
    case 'text':
      return value === policyValue.value;
  }
}

function compareNumbers(comparison: Comparison, value: number, policy: number): boolean {
  switch (comparison) {
    case 'equals':
      return value === policy;
    case 'lessThan':
      return value < policy;
    case 'lessThanEquals':
      return value <= policy;
    case 'greaterThan':
      return value > policy;
    case 'greaterThanEquals':
      return value >= policy;
    default:
      return false;
  }
}

function compareText(comparison: Comparison, value: string, pattern: Pattern): boolean {
  switch (comparison) {
    case 'equals':
      return value === patternText(pattern);
    case 'equalsIgnoreCase':
      return value.toLowerCase() === patternText(pattern).toLowerCase();
    case 'like':
      return matchPattern(pattern, value);
    case 'arn':
      return matchArn(pattern, value);
    case 'bool': {
      const read = readBool(value);
      return read !== undefined && read === readBool(patternText(pattern));
    }
    default:
      return false;
  }
}

const COLON = 0x3a;

/**
 * ArnEquals / ArnLike: each of the six `:`-separated parts of the ARN matched on its own, with
 * wildcards; the sixth (the resource) takes the rest, colons included. A policy value of fewer than
 * six parts (`*`, `arn:aws:s3:::*`-less forms) is matched against the whole ARN (docs/evaluation.md).
 */
function matchArn(pattern: Pattern, value: string): boolean {
  const patternCuts = cuts((i) => codeAt(pattern, i) === COLON, pattern.length);
  if (patternCuts.length < 5) return matchPattern(pattern, value);
  const valueCuts = cuts((i) => value.charCodeAt(i) === COLON, value.length);
  if (valueCuts.length < 5) return false;
  let from = 0;
  let tFrom = 0;
  for (let part = 0; part < 6; part++) {
    const to = part < 5 ? patternCuts[part] : pattern.length;
    const tTo = part < 5 ? valueCuts[part] : value.length;
    if (!matchPattern(pattern, value, from, to, tFrom, tTo)) return false;
    from = to + 1;
    tFrom = tTo + 1;
  }
  return true;
}

/** The offsets of the first five separators. */
function cuts(isColon: (i: number) => boolean, length: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < length && found.length < 5; i++) if (isColon(i)) found.push(i);
  return found;
}
