import { splitFields } from './arnParse';

/**
 * Values left from a documentation template: `<aws-account-id>`, `{YOUR_AWS_ACCOUNT_ID}`,
 * `YOUR_ACCOUNT_ID`, `XXXXXXXXXXXX`, `region-code`, and (in a plain policy file) a shell variable
 * `${ACCOUNT_ID}`. IAM's own variables (`${aws:username}`, `${*}`, `${?}`, `${$}`) are not
 * placeholders, nor are AWS's documentation accounts (111122223333, 123456789012), which are
 * real literals. Checks that would fire only because of a placeholder read it as a wildcard.
 */

/** One placeholder in a string: offsets in the string and the text. */
export interface PlaceholderSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface PlaceholderOptions {
  /**
   * Whether `${NAME}` (a shell or envsubst variable, not an IAM policy variable) is a placeholder:
   * true in a plain policy file; false where the embedding language substitutes it (CloudFormation,
   * Terraform, shell scripts), where it is a template value.
   */
  readonly shellVariables: boolean;
}

const PATTERNS: readonly RegExp[] = [
  // <aws-account-id>, <namespace>, <ACCOUNT_ID>
  /<[A-Za-z0-9][^<>\s"]*>/g,
  // {YOUR_AWS_ACCOUNT_ID}, not the braces of ${...}
  /(?<!\$)\{[A-Za-z][A-Za-z0-9_-]*\}/g,
  // YOUR_ACCOUNT_ID, YOUR_BUCKET
  /(?<![A-Za-z0-9_])YOUR_[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_])/g,
  // XXXXXXXXXXXX, xxxxx: runs of x standing for a value
  /(?<![A-Za-z0-9_])(?:X{4,}|x{4,})(?![A-Za-z0-9_])/g,
  // oidc.eks.region-code.amazonaws.com
  /(?<![A-Za-z0-9-])region-code(?![A-Za-z0-9-])/g,
];

/** `${ACCOUNT_ID}`: IAM's variables have a colon (`aws:username`) or are `*`, `?`, `$`. */
const SHELL_VARIABLE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/g;

const NO_SPANS: readonly PlaceholderSpan[] = [];

/** The placeholders in `text`, in order, none overlapping. */
export function placeholderSpans(text: string, options: PlaceholderOptions = { shellVariables: true }): readonly PlaceholderSpan[] {
  // What each pattern cannot match without: a `<`, a `{` (`${` too), `YOUR_`, four x in a row, `region-code`.
  // Asked of every string of a policy, most of which hold none: one shared empty list, not one each.
  if (!/[<{]|YOUR_|xxxx|XXXX|region-code/.test(text)) return NO_SPANS;
  const found: PlaceholderSpan[] = [];
  for (const pattern of options.shellVariables ? [SHELL_VARIABLE, ...PATTERNS] : PATTERNS) {
    for (const match of text.matchAll(pattern)) found.push({ start: match.index, end: match.index + match[0].length, text: match[0] });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: PlaceholderSpan[] = [];
  for (const span of found) if (spans.length === 0 || span.start >= spans[spans.length - 1].end) spans.push(span);
  return spans;
}

/** Whether `text` holds a placeholder (any form, shell variables included). */
export function hasPlaceholder(text: string): boolean {
  return placeholderSpans(text).length > 0;
}

/** The text with every placeholder as `*`: what the ARN and IRSA checks judge, so that a placeholder is no other finding. */
export function placeholdersAsWildcards(text: string): string {
  const spans = placeholderSpans(text);
  let result = '';
  let at = 0;
  for (const span of spans) {
    result += text.slice(at, span.start) + '*';
    at = span.end;
  }
  return result + text.slice(at);
}

const ARN_FIELDS = ['', 'the partition, such as "aws"', 'the service, such as "iam"', 'the region, such as "us-east-1"', 'the 12-digit account ID'];

/** What belongs where the placeholder stands, by its place in the value (ARN field, OIDC issuer, token subject), else by its words. */
export function placeholderMeaning(value: string, span: PlaceholderSpan): string {
  const before = value.slice(0, span.start);
  if (/\/id\/$/.test(before)) return "the cluster's OIDC provider ID (the last part of its issuer URL)";
  if (/oidc\.eks\.$/.test(before)) return 'the region of the cluster, such as "us-east-1"';
  if (/system:serviceaccount:$/.test(before)) return 'the Kubernetes namespace';
  if (/system:serviceaccount:[^:]*:$/.test(before)) return "the ServiceAccount's name";
  if (value.startsWith('arn:')) {
    const field = splitFields(before).length - 1;
    if (field >= 1 && field <= 4) return ARN_FIELDS[field];
  }
  const words = span.text.toLowerCase();
  if (/account|^x+$/.test(words)) return 'the 12-digit account ID';
  if (/region/.test(words)) return 'the region, such as "us-east-1"';
  if (/namespace/.test(words)) return 'the Kubernetes namespace';
  if (/service-?account|sa-name/.test(words)) return "the ServiceAccount's name";
  if (/cluster/.test(words)) return "the cluster's name";
  if (/bucket/.test(words)) return "the bucket's name";
  return 'the real value';
}

/** The message of a PLACEHOLDER_VALUE finding. */
export function placeholderMessage(value: string, span: PlaceholderSpan): string {
  return `"${span.text}" is a placeholder left from a template: replace it with ${placeholderMeaning(value, span)}`;
}

/**
 * Whether a value is a template rather than the value itself: a shell, envsubst or Kustomize variable
 * (`${CARTS_IAM_ROLE}`, `$(ROLE_ARN)`), a Helm/Go template action (`{{ .Values.x }}`), or a
 * documentation placeholder (`<role-arn>`, `YOUR_ROLE_ARN`). What it will be is decided elsewhere.
 */
export function isTemplateValue(text: string): boolean {
  return hasTemplateReference(text) || placeholderSpans(text, { shellVariables: false }).length > 0;
}

/** A reference the deploy tool fills in: `${VAR}`, `$(VAR)` (Kustomize, Kubernetes env), `{{ … }}` (Helm). */
export function hasTemplateReference(text: string): boolean {
  return /\$\{|\$\(|\{\{/.test(text);
}
