import { hasWildcard } from './arnParse';

/**
 * Two patterns against each other: whether an ARN as written in a policy and a catalogue's
 * resource-type template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) can name the same
 * resource, and whether one policy pattern covers another.
 */

const STAR = -1;
const ANY = -2;
/** One character but `/`, and a run of them: a variable whose values are one path segment. */
const SEGMENT = -3;
const SEGMENT_STAR = -4;
const SLASH = '/'.charCodeAt(0);

/** Template variables whose values never hold a `/`: an S3 bucket name is one path segment (lower case, as the codes). */
const ONE_SEGMENT: ReadonlySet<string> = new Set(['bucketname']);

/**
 * A pattern as codes: a character code (lower case), `ANY` (exactly one character) or `STAR`
 * (any run). A policy's `*` is STAR, `?` ANY and a variable STAR; a template's `${Name}` is one or
 * more characters (ANY then STAR).
 */
function policyCodes(pattern: string): number[] {
  const codes: number[] = [];
  const lower = pattern.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i];
    if (ch === '$' && lower[i + 1] === '{') {
      const close = lower.indexOf('}', i + 2);
      if (close > 0) {
        codes.push(STAR);
        i = close;
        continue;
      }
    }
    codes.push(ch === '*' ? STAR : ch === '?' ? ANY : lower.charCodeAt(i));
  }
  return codes;
}

function templateCodes(template: string, segments: ReadonlySet<string> = new Set()): number[] {
  const codes: number[] = [];
  const lower = template.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] === '$' && lower[i + 1] === '{') {
      const close = lower.indexOf('}', i + 2);
      if (close > 0) {
        if (segments.has(lower.slice(i + 2, close))) codes.push(SEGMENT, SEGMENT_STAR);
        else codes.push(ANY, STAR);
        i = close;
        continue;
      }
    }
    codes.push(lower[i] === '*' ? STAR : lower.charCodeAt(i));
  }
  return codes;
}

/** No code: past the end of a pattern. */
const END = -9;

/** The reach table of `intersects` and `tokensCover`, reused: a catalogue's templates are compared with thousands of ARNs. */
let reachBuffer = new Uint8Array(4096);

/** The shared reach table, its first `size` cells cleared and the start reached. */
function reachTable(size: number): Uint8Array {
  if (reachBuffer.length < size) reachBuffer = new Uint8Array(size * 2);
  reachBuffer.fill(0, 0, size);
  reachBuffer[0] = 1;
  return reachBuffer;
}

/**
 * Whether some text matches both patterns (each code list as above). The reach table's row i holds which
 * prefixes of `b` can be matched with `a`'s first i codes; only the span of a row that can hold a reached
 * cell is visited (those rows are narrow bands: a full walk of every row was 2% of `lint`'s instructions),
 * and no reached cell in a row means no match.
 */
function intersects(a: readonly number[], b: readonly number[]): boolean {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const reach = reachTable((n + 1) * width);
  // The reached cells of row i lie within [from, to]: the next row's are gathered as they are set.
  let from = 0;
  let to = 0;
  for (let i = 0; i <= n; i++) {
    const x = i < n ? a[i] : END;
    const xRun = isRun(x);
    const row = i * width;
    let nextFrom = width;
    let nextTo = -1;
    for (let j = from; j <= to; j++) {
      if (!reach[row + j]) continue;
      if (i === n && j === m) return true;
      const y = j < m ? b[j] : END;
      const yRun = isRun(y);
      let right = false;
      let down = false;
      if (xRun) {
        down = true;
        right = y !== END && !yRun && overlap(runUnit(x), y);
      }
      if (yRun) {
        right = true;
        if (x !== END && !xRun && overlap(x, runUnit(y))) down = true;
      }
      // Right stays in this row (whose span grows), down and diagonal reach the next row's.
      if (right) {
        reach[row + j + 1] = 1;
        if (j + 1 > to) to = j + 1;
      }
      if (down) {
        reach[row + width + j] = 1;
        if (j < nextFrom) nextFrom = j;
        if (j > nextTo) nextTo = j;
      }
      if (x !== END && y !== END && !xRun && !yRun && overlap(x, y)) {
        reach[row + width + j + 1] = 1;
        if (j + 1 < nextFrom) nextFrom = j + 1;
        if (j + 1 > nextTo) nextTo = j + 1;
      }
    }
    if (nextTo < 0) return false;
    from = nextFrom;
    to = nextTo;
  }
  return false;
}

function isRun(code: number): boolean {
  return code === STAR || code === SEGMENT_STAR;
}

/** The one-character code each character of a run matches. */
function runUnit(code: number): number {
  return code === SEGMENT_STAR ? SEGMENT : ANY;
}

/** Whether one character can match both one-character codes. */
function overlap(x: number, y: number): boolean {
  if (x === ANY || y === ANY) return true;
  if (x === SEGMENT) return y !== SLASH;
  if (y === SEGMENT) return x !== SLASH;
  return x === y;
}

/**
 * A closer reading than `ResourcePattern.mayMatch` for the variables whose values are one path
 * segment: `arn:aws:s3:::b/*` names objects, never the bucket `${BucketName}`. False when the
 * resource part of a policy ARN surely names nothing of the template's resource part; else true.
 */
export function mayNameResourceOf(resource: string, templateResource: string): boolean {
  const codes = segmentCodesOf(templateResource);
  return codes === null || intersects(policyCodes(resource), codes);
}

/** Per template resource part: its codes with one-segment variables, or null when it has none (few templates, asked again and again). */
const segmentCodes = new Map<string, readonly number[] | null>();

function segmentCodesOf(templateResource: string): readonly number[] | null {
  let codes = segmentCodes.get(templateResource);
  if (codes === undefined) {
    const lower = templateResource.toLowerCase();
    codes = [...ONE_SEGMENT].some((name) => lower.includes(`\${${name}}`)) ? templateCodes(templateResource, ONE_SEGMENT) : null;
    // The catalogue's templates are a few thousand; a caller passing other texts must not grow it forever.
    if (segmentCodes.size >= 20_000) segmentCodes.clear();
    segmentCodes.set(templateResource, codes);
  }
  return codes;
}

/** The literal text before the first wildcard of a code list, and after the last one. */
function literalEnds(codes: readonly number[]): { head: string; tail: string } {
  let first = codes.findIndex((c) => c < 0);
  if (first < 0) first = codes.length;
  let last = codes.length - 1;
  while (last >= 0 && codes[last] >= 0) last--;
  const text = (from: number, to: number) => String.fromCharCode(...codes.slice(from, to));
  return { head: text(0, first), tail: first === codes.length ? '' : text(last + 1, codes.length) };
}

function endsAgree(x: { head: string; tail: string }, y: { head: string; tail: string }): boolean {
  const heads = x.head.length <= y.head.length ? y.head.startsWith(x.head) : x.head.startsWith(y.head);
  const tails = x.tail.length <= y.tail.length ? y.tail.endsWith(x.tail) : x.tail.endsWith(y.tail);
  return heads && tails;
}

const MAX_WILDCARDS = 24;

/** Anything but printable ASCII (and tabs, line ends): what a case-insensitive RegExp might fold otherwise than lower-casing. */
const NON_ASCII = /[^\x20-\x7e\t\n\r]/;

/** A resource part (or any field) of a policy ARN, prepared for matching against templates. */
export class ResourcePattern {
  readonly literal: boolean;
  private readonly ascii: boolean;
  private readonly codes: readonly number[];
  private readonly ends: { head: string; tail: string };
  private readonly wildcards: number;

  constructor(readonly text: string) {
    this.literal = !hasWildcard(text);
    this.ascii = !NON_ASCII.test(text);
    this.codes = policyCodes(text);
    this.ends = literalEnds(this.codes);
    this.wildcards = this.codes.filter((c) => c < 0).length;
  }

  /** The literal text before the first wildcard, lower case: a template whose head does not agree with it cannot match. */
  get head(): string {
    return this.ends.head;
  }

  /** Could some real resource match both this pattern and the template's? When in doubt, yes. */
  mayMatch(template: TemplatePart): boolean {
    const head = this.ends.head;
    if (!(head.length <= template.head.length ? template.head.startsWith(head) : head.startsWith(template.head))) return false;
    // ASCII on both sides, the codes compare as the template's case-insensitive RegExp does, without compiling it.
    if (this.literal) return this.ascii && template.ascii ? intersects(this.codes, template.codes) : template.regExp.test(this.text);
    if (!endsAgree(this.ends, template.ends)) return false;
    // A pattern made mostly of wildcards costs much to compare and matches nearly anything anyway.
    if (this.wildcards > MAX_WILDCARDS) return true;
    return intersects(this.codes, template.codes);
  }
}

/** One field of a template, compiled on first use (most services are never looked at) and then kept. */
export class TemplatePart {
  private compiled?: { readonly regExp: RegExp; readonly codes: readonly number[]; readonly ends: { head: string; tail: string }; readonly ascii: boolean };

  /** The literal text before the first variable or wildcard, lower case: a cheap first filter. */
  readonly head: string;

  constructor(readonly text: string) {
    const end = text.search(/\$\{|\*/);
    this.head = (end < 0 ? text : text.slice(0, end)).toLowerCase();
  }

  private get parts() {
    if (!this.compiled) {
      const body = this.text
        .split(/(\$\{[^}]*\}|\*)/)
        .map((part) => (part === '*' ? '.*' : part.startsWith('${') ? '.+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      const codes = templateCodes(this.text);
      this.compiled = { regExp: new RegExp(`^${body}$`, 'is'), codes, ends: literalEnds(codes), ascii: !NON_ASCII.test(this.text) };
    }
    return this.compiled;
  }

  get regExp(): RegExp {
    return this.parts.regExp;
  }

  get codes(): readonly number[] {
    return this.parts.codes;
  }

  /** Whether the text is all ASCII (where lower-casing is what a case-insensitive RegExp compares). */
  get ascii(): boolean {
    return this.parts.ascii;
  }

  get ends(): { head: string; tail: string } {
    return this.parts.ends;
  }

  /**
   * The resource-type word the part starts with: `instance` in `instance/${InstanceId}`, with
   * `prefix` set when the word itself runs into a variable (`o-` in `o-${OrganizationId}`, empty in
   * `${BucketName}`: then any word may follow).
   */
  get word(): { readonly text: string; readonly prefix: boolean } {
    const end = this.text.search(/[/:]|\$\{|\*/);
    if (end < 0) return { text: this.text, prefix: false };
    return { text: this.text.slice(0, end), prefix: this.text[end] === '$' || this.text[end] === '*' };
  }
}

/**
 * Whether `general` matches everything `specific` can stand for, so that `specific` adds nothing
 * beside it. Case-sensitive, as IAM compares resources; a variable is covered only by the same
 * variable or by a `*`.
 */
export function covers(general: string, specific: string): boolean {
  if (general === specific || general === '*') return true;
  if (!hasWildcard(general)) return false;
  return tokensCover(coverTokens(general), coverTokens(specific));
}

/** `covers` of two texts already split into tokens (`coverTokens`), `general` holding a wildcard or a variable. */
export function tokensCover(g: readonly string[], s: readonly string[]): boolean {
  // Cheap refusal first: the literal ends of `general` must be literal ends of `specific`.
  const head = literalRun(g);
  let tail = 0;
  while (tail < g.length && isLiteralToken(g[g.length - 1 - tail])) tail++;
  if (head === g.length) return g.length === s.length && g.every((t, k) => t === s[k]);
  for (let k = 0; k < head; k++) if (s[k] !== g[k]) return false;
  for (let k = 1; k <= tail; k++) if (s[s.length - k] !== g[g.length - k]) return false;
  const n = g.length;
  const m = s.length;
  const width = m + 1;
  const reach = reachTable((n + 1) * width);
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (!reach[i * width + j]) continue;
      if (i === n) {
        if (j === m) return true;
        continue;
      }
      const x = g[i];
      if (x === '*') {
        reach[(i + 1) * width + j] = 1;
        if (j < m) reach[i * width + j + 1] = 1;
      } else if (j < m) {
        const y = s[j];
        const match = x === '?' ? y !== '*' && y.length === 1 : x === y;
        if (match) reach[(i + 1) * width + j + 1] = 1;
      }
    }
  }
  return false;
}

/** Characters, with each `${...}` variable as one token. */
export function coverTokens(text: string): string[] {
  const tokens: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close > 0) {
        tokens.push(text.slice(i, close + 1));
        i = close;
        continue;
      }
    }
    tokens.push(text[i]);
  }
  return tokens;
}

/** How many tokens from the start are plain characters (no `*`, `?` or variable). */
function literalRun(tokens: readonly string[]): number {
  let k = 0;
  while (k < tokens.length && isLiteralToken(tokens[k])) k++;
  return k;
}

function isLiteralToken(token: string): boolean {
  return token !== '*' && token !== '?' && token.length === 1;
}
