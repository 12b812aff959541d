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
  // The next colon and the next variable, each searched again only once passed (no rescanning: linear in the text).
  let colon = text.indexOf(':');
  let variable = text.indexOf('${');
  let closed = true;
  while (colon >= 0 && fields.length < max - 1) {
    if (variable >= 0 && variable < colon) {
      // An unclosed variable is another check's business: read the rest as plain text.
      const close: number = closed ? text.indexOf('}', variable + 2) : -1;
      closed = close >= 0;
      const next = closed ? close + 1 : variable + 2;
      variable = text.indexOf('${', next);
      if (colon < next) colon = text.indexOf(':', next);
      continue;
    }
    fields.push(text.slice(start, colon));
    start = colon + 1;
    colon = text.indexOf(':', start);
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
