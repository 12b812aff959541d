import { ResolvedConditionKey } from '../catalog/catalog';
import { eksClaimOf } from '../catalog/oidc';
import { ParsedOperator } from '../catalog/operators';
import { isBase64Text, isBooleanText, isDateText, isNonPublicRange, isNumberText, parseIpRange } from '../catalog/conditionValues';
import { JsonNode, valueRange } from '../parse/json';
import { ConditionBlock, ConditionEntry } from '../parse/policy';
import { rangeOf } from '../parse/range';
import { Finding } from './finding';

/** A condition's values against what its operator compares: JSON types, numbers, dates, booleans, IP ranges, base64. */

export function checkValues(
  entry: ConditionEntry,
  block: ConditionBlock,
  operator: ParsedOperator,
  key: ResolvedConditionKey | undefined,
  text: string,
): Finding[] {
  const findings: Finding[] = [];
  const values = entry.values;
  const types = new Set(values.map((v) => v.type));
  for (const value of values) {
    if (value.type === 'object' || value.type === 'array' || value.type === 'null') {
      findings.push({
        code: 'INVALID_CONDITION_DATA_TYPE',
        ...rangeOf(value),
        message: `Condition values are strings, numbers or booleans, not ${value.type === 'null' ? 'null' : `${value.type === 'object' ? 'an object' : 'a nested array'}`}`,
      });
    }
  }
  if (types.size > 1 && [...types].every((t) => t === 'string' || t === 'number' || t === 'boolean')) {
    findings.push({
      code: 'INVALID_CONDITION_DATA_TYPE',
      ...rangeOf(entry.valueNode!),
      message: `The values of "${entry.key}" mix JSON types (${[...types].join(', ')}): use one type, e.g. all strings`,
    });
  }
  const scalars = values.filter((v) => v.type === 'string' || v.type === 'number' || v.type === 'boolean');
  const textOf = (v: JsonNode) => String(v.value);
  const hasVariable = (v: JsonNode) => v.type === 'string' && (v.value as string).includes('${');
  switch (operator.base.type) {
    case 'Bool':
    case 'Null': {
      const bad = scalars.filter((v) => !isBooleanText(textOf(v).toLowerCase()) && !hasVariable(v));
      for (const v of bad) {
        findings.push({
          code: 'TYPE_MISMATCH_BOOLEAN',
          ...valueRange(v, text),
          message: `"${operator.text}" compares with "true" or "false", not "${textOf(v)}": the condition ${operator.base.name === 'Null' ? 'is' : 'never holds as'} intended`,
          data: { replacements: ['true', 'false'] },
        });
      }
      const distinct = new Set(scalars.map((v) => textOf(v).toLowerCase()).filter(isBooleanText));
      if (operator.base.name === 'Bool' && distinct.size === 2) {
        findings.push({
          code: 'INVALID_CONDITION_MULTIPLE_BOOLEAN',
          ...rangeOf(entry.valueNode!),
          message: `"${entry.key}" is compared with both "true" and "false": it holds whenever the key is present, whatever its value. Keep the one you mean`,
        });
      }
      break;
    }
    case 'Numeric':
      for (const v of scalars) {
        if (v.type !== 'number' && !isNumberText(textOf(v)) && !hasVariable(v))
          findings.push({
            code: 'TYPE_MISMATCH_NUMBER',
            ...valueRange(v, text),
            message: `"${operator.text}" compares numbers, but "${textOf(v)}" is not one: this value never matches`,
          });
      }
      break;
    case 'Date':
      for (const v of scalars) {
        if (!isDateText(textOf(v)) && !hasVariable(v))
          findings.push({
            code: 'INVALID_DATE_VALUE',
            ...valueRange(v, text),
            message: `"${textOf(v)}" is not a date: "${operator.text}" takes ISO 8601 ("2026-12-31" or "2026-12-31T23:59:59Z") or epoch seconds`,
          });
      }
      break;
    case 'IPAddress':
      for (const v of scalars) {
        if (hasVariable(v)) continue; // INVALID_VARIABLE_FOR_OPERATOR says what is wrong with it
        const range = parseIpRange(textOf(v));
        if (!range) {
          findings.push({
            code: 'TYPE_MISMATCH_IP_RANGE',
            ...valueRange(v, text),
            message: `"${textOf(v)}" is not an IP address or CIDR range (e.g. "203.0.113.0/24" or "2001:db8::/32"): this value never matches`,
          });
          continue;
        }
        if (range.hostBitsSet) {
          findings.push({
            code: 'IMPROVE_IP_RANGE',
            ...valueRange(v, text),
            message: `"${textOf(v)}" has bits set past the /${range.prefix} prefix: it means "${range.canonical}"; write that`,
            data: { replacements: [range.canonical] },
          });
        }
        if (key?.key === 'aws:SourceIp' && isNonPublicRange(range)) {
          const effect = operator.base.negated ? `so "${operator.text}" holds for every request, including those from your network` : 'so it never matches';
          findings.push({
            code: 'PRIVATE_IP_ADDRESS',
            ...valueRange(v, text),
            message: `aws:SourceIp is the public address a request comes from: "${textOf(v)}" is private, ${effect}. For calls through a VPC endpoint use aws:VpcSourceIp (with aws:SourceVpc or aws:SourceVpce)`,
          });
        }
      }
      break;
    case 'Binary':
      for (const v of scalars) {
        if (!isBase64Text(textOf(v)))
          findings.push({
            code: 'INVALID_CONDITION_DATA_TYPE',
            ...valueRange(v, text),
            message: `"${operator.text}" compares base64-encoded bytes, but "${textOf(v)}" is not base64`,
          });
      }
      break;
    case 'String':
      // A wildcard in an EKS :sub under StringEquals is IRSA_WILDCARD_IN_STRINGEQUALS (section I).
      if (!operator.base.wildcards && eksClaimOf(entry.key) !== 'sub') {
        for (const v of scalars) {
          if (v.type === 'string' && /[*?]/.test((v.value as string).replace(/\$\{[^}]*\}/g, ''))) {
            const like = operator.canonical
              .replace(/StringEquals|StringNotEquals/, (m) => (m === 'StringEquals' ? 'StringLike' : 'StringNotLike'))
              .replace('IgnoreCase', '');
            findings.push({
              code: 'WILDCARD_WITHOUT_LIKE_OPERATOR',
              ...valueRange(v, text),
              message: `"${operator.text}" matches "*" and "?" literally, so "${textOf(v)}" only matches that exact text; for a wildcard use "${like}"`,
              data: { replacements: [like], range: valueRange(block.keyNode, text) },
            });
          }
        }
      }
      break;
    case 'ARN':
      break;
  }
  return findings;
}
