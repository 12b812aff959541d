import { OffsetRange } from './range';

/**
 * What the parsers are given. No policy, manifest or template comes near these limits (an IAM
 * policy is at most 10 KB and 6 levels deep), and past them parsing costs seconds, memory, or a
 * stack overflow: jsonc-parser and the YAML composer recurse once per level of nesting.
 */
export const MAX_DOCUMENT_LENGTH = 2_000_000;
export const MAX_NESTING_DEPTH = 128;
/** Past this many, a document's syntax errors are garbage (binary data, another format) and listing them helps no one. */
export const MAX_SYNTAX_ERRORS = 100;

/** The first MAX_SYNTAX_ERRORS errors; the last one kept says how many were left out. */
export function firstSyntaxErrors<E extends { readonly message: string }>(errors: readonly E[]): readonly E[] {
  if (errors.length <= MAX_SYNTAX_ERRORS) return errors;
  const kept = errors.slice(0, MAX_SYNTAX_ERRORS);
  const last = kept[kept.length - 1];
  kept[kept.length - 1] = { ...last, message: `${last.message} (and ${errors.length - MAX_SYNTAX_ERRORS} more syntax errors after this one)` };
  return kept;
}

/** A document over MAX_DOCUMENT_LENGTH: not parsed at all. */
export interface Oversize {
  /** In characters. */
  readonly length: number;
  /** Its top-level keys make it a policy (as `looksLikePolicy` reads them), so not checking it is worth saying. */
  readonly policyLike: boolean;
}

export function isOversize(text: string): boolean {
  return text.length > MAX_DOCUMENT_LENGTH;
}

export function describeSize(length: number): string {
  return `${(length / 1_000_000).toFixed(1)} MB`;
}

/** What a structural walk over JSON text reports: brackets, and each string with where it ends. */
interface JsonStructure {
  open(offset: number, depth: number): void;
  close(offset: number, depth: number): void;
  string?(start: number, end: number, depth: number): void;
}

/**
 * Walks JSON text without recursion, tokenising as jsonc-parser's scanner does: strings end at their
 * quote or at a line break, `\` escapes the next character, comments are skipped. `depth` is the
 * number of brackets open around the token.
 */
function walkJsonStructure(text: string, on: JsonStructure): void {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) on.open(i, depth++);
    else if (c === 0x7d || c === 0x5d) {
      if (depth > 0) depth--;
      on.close(i, depth);
    } else if (c === 0x22) {
      let j = i + 1;
      while (j < length && text.charCodeAt(j) !== 0x22 && text.charCodeAt(j) !== 0x0a && text.charCodeAt(j) !== 0x0d) {
        j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      }
      // An unterminated string stops before the line break, which is read next.
      const end = j < length && text.charCodeAt(j) === 0x22 ? j + 1 : Math.min(j, length);
      on.string?.(i, end, depth);
      i = end - 1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i + 1 < length && text.charCodeAt(i + 1) !== 0x0a && text.charCodeAt(i + 1) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? length : close + 1;
    }
  }
}

/** The values that open deeper than MAX_NESTING_DEPTH: from their bracket to its match, or to the end. */
export function jsonTooDeep(text: string): OffsetRange[] {
  const spans: OffsetRange[] = [];
  let start = -1;
  walkJsonStructure(text, {
    open(offset, depth) {
      if (depth === MAX_NESTING_DEPTH && start < 0) start = offset;
    },
    close(offset, depth) {
      if (depth === MAX_NESTING_DEPTH && start >= 0) {
        spans.push({ start, end: offset + 1 });
        start = -1;
      }
    },
  });
  if (start >= 0) spans.push({ start, end: text.length });
  return spans;
}

/**
 * The text with each span replaced by a `0` and spaces (line breaks kept), so that the parser reads
 * one shallow value there and every offset stays where it was.
 */
export function blankedOut(text: string, spans: readonly OffsetRange[]): string {
  let result = '';
  let from = 0;
  for (const span of spans) {
    result += text.slice(from, span.start) + '0' + text.slice(span.start + 1, span.end).replace(/[^\r\n]/g, ' ');
    from = span.end;
  }
  return result + text.slice(from);
}

/** The top-level keys of a JSON object, each with its value when that is a string, read without parsing. */
export function topLevelKeys(text: string): { key: string; value?: string }[] {
  const keys: { key: string; value?: string }[] = [];
  let pendingKey: string | undefined;
  const unquote = (start: number, end: number) => {
    try {
      return JSON.parse(text.slice(start, end)) as string;
    } catch {
      return text.slice(start + 1, end - 1);
    }
  };
  walkJsonStructure(text, {
    open() {
      pendingKey = undefined;
    },
    close() {
      pendingKey = undefined;
    },
    string(start, end, depth) {
      if (depth !== 1) return;
      const after = nextNonSpace(text, end);
      if (text[after] === ':') {
        pendingKey = unquote(start, end);
        keys.push({ key: pendingKey });
      } else if (pendingKey !== undefined) {
        keys[keys.length - 1] = { key: pendingKey, value: unquote(start, end) };
        pendingKey = undefined;
      }
    },
  });
  return keys;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}
