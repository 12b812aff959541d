import { WildcardMatcher, wildcardMatcher } from './wildcard';

/**
 * ARNs as written in policies, with `*`, `?` and `${...}` policy variables: their six fields, and
 * what the wildcards and variables in a field stand for.
 */

/** The six fields of an ARN, as written. */
export interface ArnFields {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon, colons included (`log-group:/aws/x:*`). */
  readonly resource: string;
}

/** Splits `text` at colons that are not inside a `${...}` policy variable, into at most `max` fields. */
export function splitFields(text: string, max = 6): string[] {
  const fields: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length && fields.length < max - 1) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      // An unclosed variable is another check's business: read the rest as plain text.
      i = close < 0 ? i + 2 : close + 1;
      continue;
    }
    if (text[i] === ':') {
      fields.push(text.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  fields.push(text.slice(start));
  return fields;
}

/** The fields of `arn:partition:service:region:account:resource`, or the number of fields found when fewer than six. */
export function parseArn(text: string): ArnFields | { readonly fieldCount: number } {
  const fields = splitFields(text);
  if (fields.length < 6) return { fieldCount: fields.length };
  const [, partition, service, region, account, resource] = fields;
  return { partition, service, region, account, resource };
}

export function formatArn(fields: ArnFields): string {
  return `arn:${fields.partition}:${fields.service}:${fields.region}:${fields.account}:${fields.resource}`;
}

const VARIABLE = /\$\{[^}]*\}/g;

/** A field with every policy variable as `*`: a variable can stand for any text. */
export function variablesAsWildcards(field: string): string {
  return field.replace(VARIABLE, '*');
}

/** True when the field contains `*`, `?` or a policy variable: it stands for more than one value. */
export function hasWildcard(field: string): boolean {
  return /[*?]|\$\{/.test(field);
}

/** True for a field that matches anything, empty included: only `*` and variables (`*`, `${aws:userid}`). */
export function isWildcardOnly(field: string): boolean {
  return /^\*+$/.test(variablesAsWildcards(field));
}

/** An IAM wildcard pattern (`*`, `?`, variables as `*`) as a matcher. */
export function patternMatcher(pattern: string, ignoreCase = true): WildcardMatcher {
  return wildcardMatcher(variablesAsWildcards(pattern), ignoreCase);
}
