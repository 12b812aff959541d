import { suggest } from './suggest';

/** What an operator compares: the condition key's value, read as this type. */
export type OperatorType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IPAddress' | 'ARN' | 'Null';

export interface OperatorInfo {
  readonly name: string;
  readonly type: OperatorType;
  /** `StringNotEquals`, `NotIpAddress`, `ArnNotLike`…: true when the key is absent too. */
  readonly negated: boolean;
  /** Treats `*` and `?` in values as wildcards (`StringLike`, `ArnLike`, and `ArnEquals` as IAM does). */
  readonly wildcards: boolean;
  /** Accepts `${...}` policy variables in its values. */
  readonly variables: boolean;
  readonly description: string;
}

function op(
  name: string,
  type: OperatorType,
  description: string,
  flags: Partial<Pick<OperatorInfo, 'negated' | 'wildcards' | 'variables'>> = {},
): OperatorInfo {
  return { name, type, description, negated: flags.negated ?? false, wildcards: flags.wildcards ?? false, variables: flags.variables ?? true };
}

/** The 27 base condition operators of the IAM policy language (DOMAIN.md). */
export const OPERATORS: readonly OperatorInfo[] = [
  op('StringEquals', 'String', 'Exact match, case-sensitive'),
  op('StringNotEquals', 'String', 'Negated exact match, case-sensitive', { negated: true }),
  op('StringEqualsIgnoreCase', 'String', 'Exact match, ignoring case'),
  op('StringNotEqualsIgnoreCase', 'String', 'Negated exact match, ignoring case', { negated: true }),
  op('StringLike', 'String', 'Case-sensitive match with * (any run) and ? (one character) wildcards', { wildcards: true }),
  op('StringNotLike', 'String', 'Negated case-sensitive match with * and ? wildcards', { negated: true, wildcards: true }),
  op('NumericEquals', 'Numeric', 'Number equal to', { variables: false }),
  op('NumericNotEquals', 'Numeric', 'Number not equal to', { negated: true, variables: false }),
  op('NumericLessThan', 'Numeric', 'Number less than', { variables: false }),
  op('NumericLessThanEquals', 'Numeric', 'Number less than or equal to', { variables: false }),
  op('NumericGreaterThan', 'Numeric', 'Number greater than', { variables: false }),
  op('NumericGreaterThanEquals', 'Numeric', 'Number greater than or equal to', { variables: false }),
  op('DateEquals', 'Date', 'Date equal to (ISO 8601 or epoch seconds)', { variables: false }),
  op('DateNotEquals', 'Date', 'Date not equal to', { negated: true, variables: false }),
  op('DateLessThan', 'Date', 'Date before', { variables: false }),
  op('DateLessThanEquals', 'Date', 'Date at or before', { variables: false }),
  op('DateGreaterThan', 'Date', 'Date after', { variables: false }),
  op('DateGreaterThanEquals', 'Date', 'Date at or after', { variables: false }),
  op('Bool', 'Bool', 'Boolean match: "true" or "false"'),
  op('BinaryEquals', 'Binary', 'Byte-for-byte match of a base64-encoded value', { variables: false }),
  op('IpAddress', 'IPAddress', 'The IP address is in one of the CIDR ranges', { variables: false }),
  op('NotIpAddress', 'IPAddress', 'The IP address is in none of the CIDR ranges', { negated: true, variables: false }),
  op('ArnEquals', 'ARN', 'ARN match; like ArnLike, * and ? are wildcards in each ARN field', { wildcards: true }),
  op('ArnLike', 'ARN', 'ARN match with * and ? wildcards in each ARN field', { wildcards: true }),
  op('ArnNotEquals', 'ARN', 'Negated ARN match', { negated: true, wildcards: true }),
  op('ArnNotLike', 'ARN', 'Negated ARN match with wildcards', { negated: true, wildcards: true }),
  op('Null', 'Null', '"true": the key is absent; "false": the key is present', { variables: false }),
];

const BY_NAME = new Map(OPERATORS.map((o) => [o.name.toLowerCase(), o]));

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

/** `ForAnyValue:StringLikeIfExists` taken apart. */
export interface ParsedOperator {
  readonly text: string;
  readonly qualifier: SetQualifier | undefined;
  readonly base: OperatorInfo;
  readonly ifExists: boolean;
  /** The spelling AWS documents (`StringEquals`), for a case fix. */
  readonly canonical: string;
}

const QUALIFIERS: readonly SetQualifier[] = ['ForAllValues', 'ForAnyValue'];

/** What a set qualifier makes of the comparison, for a multivalued key (DOMAIN.md, IAM user guide). */
export const QUALIFIER_MEANING: Readonly<Record<SetQualifier, string>> = {
  ForAnyValue: "holds when at least one value of the request's set matches one of the condition's values; false when the key is absent or the set empty",
  ForAllValues: "holds when every value of the request's set matches one of the condition's values; also true when the key is absent or the set empty",
};

/** What the `IfExists` suffix changes. */
export const IF_EXISTS_MEANING = 'when the key is absent from the request, the condition holds; when present, the operator compares as usual';

/** How each operator type wants its condition values written (DOMAIN.md, "Value types"). */
export const VALUE_FORMAT: Readonly<Record<OperatorType, string>> = {
  String: 'strings',
  Numeric: 'numbers (JSON numbers or numeric strings)',
  Date: 'dates: ISO 8601 ("2026-12-31T23:59:59Z") or epoch seconds',
  Bool: '"true" or "false"',
  Binary: 'base64-encoded bytes',
  IPAddress: 'IPv4 or IPv6 addresses or CIDR ranges ("203.0.113.0/24")',
  ARN: 'ARNs, with * and ? wildcards in each field',
  Null: '"true" (the key must be absent) or "false" (it must be present)',
};

/** Reads `[ForAllValues:|ForAnyValue:]<operator>[IfExists]`; undefined when it is not one. */
export function parseOperator(text: string): ParsedOperator | undefined {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    qualifier = QUALIFIERS.find((q) => q.toLowerCase() === rest.slice(0, colon).toLowerCase());
    if (!qualifier) return undefined;
    rest = rest.slice(colon + 1);
  }
  let base = BY_NAME.get(rest.toLowerCase());
  let ifExists = false;
  if (!base && rest.toLowerCase().endsWith('ifexists')) {
    base = BY_NAME.get(rest.slice(0, -'IfExists'.length).toLowerCase());
    ifExists = base !== undefined;
  }
  if (!base) return undefined;
  const canonical = `${qualifier ? qualifier + ':' : ''}${base.name}${ifExists ? 'IfExists' : ''}`;
  return { text, qualifier, base, ifExists, canonical };
}

/** Every spelling a user may mean: each base with and without IfExists, with and without a qualifier. */
function allOperatorNames(): string[] {
  const names: string[] = [];
  for (const o of OPERATORS) {
    const bases = o.name === 'Null' ? [o.name] : [o.name, `${o.name}IfExists`];
    for (const b of bases) {
      names.push(b);
      if (o.name !== 'Null') for (const q of QUALIFIERS) names.push(`${q}:${b}`);
    }
  }
  return names;
}

let operatorNames: string[] | undefined;

export function suggestOperators(text: string): string[] {
  operatorNames ??= allOperatorNames();
  return suggest(text, operatorNames, 3);
}
