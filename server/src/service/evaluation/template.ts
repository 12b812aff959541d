import { RequestContext } from './context';

/**
 * A policy string with its policy variables (IAM user guide, "IAM policy elements: Variables and
 * tags"): literal text, `${key}` and `${key, 'default'}` references, and the escapes `${*}`, `${?}`,
 * `${$}`. Compiled once per policy; resolved per request into a pattern: the text itself when it
 * holds no `${…}` (every `*` and `?` a wildcard), else character codes where STAR and QUESTION are
 * wildcards and every other code (an escaped `*`, a variable's value) is literal.
 */
export const STAR = -1;
export const QUESTION = -2;

export type Pattern = string | readonly number[];

/** The code at `i`: STAR, QUESTION or a literal character code. */
export function codeAt(pattern: Pattern, i: number): number {
  if (typeof pattern !== 'string') return pattern[i];
  const c = pattern.charCodeAt(i);
  return c === 0x2a ? STAR : c === 0x3f ? QUESTION : c;
}

export function isPattern(resolved: Resolved): resolved is Pattern {
  return typeof resolved === 'string' || Array.isArray(resolved);
}

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'escape'; readonly code: number }
  | { readonly kind: 'variable'; readonly key: string; readonly lowerKey: string; readonly fallback: string | undefined };

export interface Template {
  /** The text as written. */
  readonly source: string;
  /** Present when the text holds no variable: the pattern, ready. */
  readonly constant: Pattern | undefined;
  readonly parts: readonly Part[];
}

/** What resolving a template gives: a pattern, the keys it waits for, or undefined when a variable has no value. */
export type Resolved = Pattern | { readonly unknown: readonly string[] } | undefined;

const ESCAPES: Readonly<Record<string, number>> = { '*': 0x2a, '?': 0x3f, $: 0x24 };
const REFERENCE = /^\s*([^\s,'{}$]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** `variables` false (a policy without Version 2012-10-17): every `${…}` is plain text. */
export function compileTemplate(source: string, variables: boolean): Template {
  const parts: Part[] = [];
  let literal = '';
  let from = 0;
  const flush = () => {
    if (literal) parts.push({ kind: 'text', text: literal });
    literal = '';
  };
  for (;;) {
    const open = variables ? source.indexOf('${', from) : -1;
    if (open < 0) break;
    const close = source.indexOf('}', open + 2);
    if (close < 0) break;
    const body = source.slice(open + 2, close);
    literal += source.slice(from, open);
    from = close + 1;
    const reference = REFERENCE.exec(body);
    if (Object.prototype.hasOwnProperty.call(ESCAPES, body)) {
      flush();
      parts.push({ kind: 'escape', code: ESCAPES[body] });
    } else if (reference) {
      flush();
      parts.push({ kind: 'variable', key: reference[1], lowerKey: reference[1].toLowerCase(), fallback: reference[2] });
    } else {
      literal += source.slice(open, close + 1);
    }
  }
  literal += source.slice(from);
  flush();
  const constant =
    parts.length === 0
      ? ''
      : parts.length === 1 && parts[0].kind === 'text'
        ? parts[0].text
        : parts.every((p) => p.kind !== 'variable')
          ? toPattern(parts)
          : undefined;
  return { source, constant, parts };
}

function toPattern(parts: readonly Part[]): Pattern {
  const codes: number[] = [];
  for (const part of parts) {
    if (part.kind === 'escape') codes.push(part.code);
    else if (part.kind === 'text') pushWildcards(codes, part.text);
  }
  return codes;
}

function pushWildcards(codes: number[], text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    codes.push(c === 0x2a ? STAR : c === 0x3f ? QUESTION : c);
  }
}

function pushLiteral(codes: number[], text: string): void {
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
}

/**
 * The template with each variable replaced by the request's value, read literally (a `*` in a tag
 * value is no wildcard). A key absent from a complete context takes the default, else the template
 * resolves to undefined (matches nothing); a multivalued key is no single value and reads as absent.
 */
export function resolveTemplate(template: Template, context: RequestContext): Resolved {
  if (template.constant !== undefined) return template.constant;
  const codes: number[] = [];
  let unknown: string[] | undefined;
  for (const part of template.parts) {
    if (part.kind === 'escape') codes.push(part.code);
    else if (part.kind === 'text') pushWildcards(codes, part.text);
    if (part.kind !== 'variable') continue;
    const values = context.get(part.lowerKey);
    if (values === undefined && context.unknown(part.lowerKey)) {
      (unknown ??= []).push(part.key);
      continue;
    }
    const value = values?.length === 1 ? values[0] : part.fallback;
    if (value === undefined) return undefined;
    pushLiteral(codes, value);
  }
  return unknown ? { unknown } : codes;
}

/** A resolved pattern as plain text, wildcards as their characters (for exact comparisons). */
export function patternText(pattern: Pattern): string {
  if (typeof pattern === 'string') return pattern;
  let text = '';
  for (const c of pattern) text += c === STAR ? '*' : c === QUESTION ? '?' : String.fromCharCode(c);
  return text;
}

/**
 * Wildcard match of `pattern[from, to)` against `text[tFrom, tTo)`: `*` any run (across `:` and `/`),
 * `?` one character. A scan remembering the last `*`: at most pattern × text steps, no backtracking blow-up.
 */
export function matchPattern(pattern: Pattern, text: string, from = 0, to = pattern.length, tFrom = 0, tTo = text.length): boolean {
  let p = from;
  let t = tFrom;
  let star = -1;
  let resume = 0;
  while (t < tTo) {
    const c = p < to ? codeAt(pattern, p) : 0;
    if (p < to && c === STAR) {
      star = p++;
      resume = t;
    } else if (p < to && (c === QUESTION || c === text.charCodeAt(t))) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < to && codeAt(pattern, p) === STAR) p++;
  return p === to;
}
