import { Catalog } from './catalog';
import { WildcardMatcher, wildcardMatcher } from './wildcard';

/**
 * ARNs as written in policies (with `*`, `?` and `${...}` policy variables) and the catalogue's
 * resource-type ARN templates (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), and whether the
 * two can name the same resource.
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

// ---------------------------------------------------------------------------------------------
// Two patterns against each other

const STAR = -1;
const ANY = -2;

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

function templateCodes(template: string): number[] {
  const codes: number[] = [];
  const lower = template.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] === '$' && lower[i + 1] === '{') {
      const close = lower.indexOf('}', i + 2);
      if (close > 0) {
        codes.push(ANY, STAR);
        i = close;
        continue;
      }
    }
    codes.push(lower[i] === '*' ? STAR : lower.charCodeAt(i));
  }
  return codes;
}

/** Whether some text matches both patterns (each code list as above). */
function intersects(a: readonly number[], b: readonly number[]): boolean {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const reach = new Uint8Array((n + 1) * width);
  reach[0] = 1;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (!reach[i * width + j]) continue;
      if (i === n && j === m) return true;
      const x = i < n ? a[i] : undefined;
      const y = j < m ? b[j] : undefined;
      if (x === STAR) {
        reach[(i + 1) * width + j] = 1;
        if (y !== undefined && y !== STAR) reach[i * width + j + 1] = 1;
      }
      if (y === STAR) {
        reach[i * width + j + 1] = 1;
        if (x !== undefined && x !== STAR) reach[(i + 1) * width + j] = 1;
      }
      if (x !== undefined && y !== undefined && x !== STAR && y !== STAR && (x === ANY || y === ANY || x === y)) {
        reach[(i + 1) * width + j + 1] = 1;
      }
    }
  }
  return false;
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

/** A resource part (or any field) of a policy ARN, prepared for matching against templates. */
export class ResourcePattern {
  readonly literal: boolean;
  private readonly codes: readonly number[];
  private readonly ends: { head: string; tail: string };
  private readonly wildcards: number;

  constructor(readonly text: string) {
    this.literal = !hasWildcard(text);
    this.codes = policyCodes(text);
    this.ends = literalEnds(this.codes);
    this.wildcards = this.codes.filter((c) => c < 0).length;
  }

  /** Could some real resource match both this pattern and the template's? When in doubt, yes. */
  mayMatch(template: TemplatePart): boolean {
    const head = this.ends.head;
    if (!(head.length <= template.head.length ? template.head.startsWith(head) : head.startsWith(template.head))) return false;
    if (this.literal) return template.regExp.test(this.text);
    if (!endsAgree(this.ends, template.ends)) return false;
    // A pattern made mostly of wildcards costs much to compare and matches nearly anything anyway.
    if (this.wildcards > MAX_WILDCARDS) return true;
    return intersects(this.codes, template.codes);
  }
}

/** One field of a template, compiled on first use (most services are never looked at) and then kept. */
export class TemplatePart {
  private compiled?: { readonly regExp: RegExp; readonly codes: readonly number[]; readonly ends: { head: string; tail: string } };

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
      this.compiled = { regExp: new RegExp(`^${body}$`, 'is'), codes, ends: literalEnds(codes) };
    }
    return this.compiled;
  }

  get regExp(): RegExp {
    return this.parts.regExp;
  }

  get codes(): readonly number[] {
    return this.parts.codes;
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

/** A resource-type word compared loosely: services spell the same word with and without hyphens. */
export function normalizeWord(word: string): string {
  return word.toLowerCase().replace(/[-_.]/g, '');
}

/** The resource-type words of one ARN service's templates. */
export interface ResourceWords {
  /** As the templates spell them, for did-you-mean. */
  readonly words: readonly string[];
  /** Normalized (see `normalizeWord`). */
  readonly exact: ReadonlySet<string>;
  /** Normalized beginnings of words that run into a variable; `''` means any word. */
  readonly prefixes: readonly string[];
}

/**
 * Whether `general` matches everything `specific` can stand for, so that `specific` adds nothing
 * beside it. Case-sensitive, as IAM compares resources; a variable is covered only by the same
 * variable or by a `*`.
 */
export function covers(general: string, specific: string): boolean {
  if (general === specific || general === '*') return true;
  if (!hasWildcard(general)) return false;
  const g = coverTokens(general);
  const s = coverTokens(specific);
  // Cheap refusal first: the literal ends of `general` must be literal ends of `specific`.
  const head = literalRun(g);
  const tail = literalRun([...g].reverse());
  if (head === g.length) return g.length === s.length && g.every((t, k) => t === s[k]);
  for (let k = 0; k < head; k++) if (s[k] !== g[k]) return false;
  for (let k = 1; k <= tail; k++) if (s[s.length - k] !== g[g.length - k]) return false;
  const n = g.length;
  const m = s.length;
  const width = m + 1;
  const reach = new Uint8Array((n + 1) * width);
  reach[0] = 1;
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
function coverTokens(text: string): string[] {
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
  while (k < tokens.length && tokens[k] !== '*' && tokens[k] !== '?' && tokens[k].length === 1) k++;
  return k;
}

// ---------------------------------------------------------------------------------------------
// The catalogue's templates

/** How a template fills a field: empty, a value required, any value or none (`*`), or AWS's own `aws` account. */
export type FieldRule = 'none' | 'required' | 'any' | 'aws';

export interface ArnTemplate {
  /** The IAM service prefix whose resource type this is (`s3`). */
  readonly prefix: string;
  /** The resource type key (`object`). */
  readonly resourceType: string;
  /** `prefix:resourcetype`, lower case: how actions name it. */
  readonly id: string;
  /** The template as the catalogue writes it. */
  readonly arn: string;
  /** The service field of the ARN (`s3`; `iam` for some `sts` and `ec2` types). */
  readonly service: string;
  readonly region: FieldRule;
  readonly account: FieldRule;
  readonly resource: TemplatePart;
}

function fieldRule(field: string): FieldRule {
  if (field === '') return 'none';
  if (field === '*') return 'any';
  if (field === 'aws') return 'aws';
  return 'required';
}

export function resourceTypeId(prefix: string, resourceType: string): string {
  return `${prefix}:${resourceType}`.toLowerCase();
}

/**
 * Every resource-type ARN template of the catalogue, indexed by the ARN service they use and by
 * resource type. Built once per catalogue, on first use.
 */
export class ArnIndex {
  private readonly byService = new Map<string, ArnTemplate[]>();
  private readonly byResourceType = new Map<string, ArnTemplate[]>();
  private readonly words = new Map<string, ResourceWords>();

  constructor(catalog: Catalog) {
    for (const prefix of catalog.servicePrefixes()) {
      const service = catalog.service(prefix)!;
      for (const type of service.resourceTypes.values()) {
        // A few types list several ARN forms in one string (API Gateway's HTTP and REST APIs).
        for (const arn of type.arn.split(/,\s*/)) {
          const template = buildTemplate(service.prefix, type.key, arn.trim());
          if (!template) continue;
          push(this.byService, template.service, template);
          push(this.byResourceType, template.id, template);
        }
      }
    }
  }

  /** The ARN services some resource type uses, lower case. */
  services(): IterableIterator<string> {
    return this.byService.keys();
  }

  hasService(service: string): boolean {
    return this.byService.has(service);
  }

  templatesOfService(service: string): readonly ArnTemplate[] {
    return this.byService.get(service) ?? [];
  }

  /** The resource-type words of an ARN service, computed on first use. */
  resourceWords(service: string): ResourceWords {
    let words = this.words.get(service);
    if (!words) {
      const spelled = new Set<string>();
      const exact = new Set<string>();
      const prefixes = new Set<string>();
      for (const template of this.templatesOfService(service)) {
        const word = template.resource.word;
        if (word.prefix) prefixes.add(normalizeWord(word.text));
        else if (word.text !== '') {
          spelled.add(word.text);
          exact.add(normalizeWord(word.text));
        }
      }
      words = { words: [...spelled], exact, prefixes: [...prefixes] };
      this.words.set(service, words);
    }
    return words;
  }

  templatesOfResourceType(prefix: string, resourceType: string): readonly ArnTemplate[] {
    return this.byResourceType.get(resourceTypeId(prefix, resourceType)) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildTemplate(prefix: string, resourceType: string, arn: string): ArnTemplate | undefined {
  const fields = splitFields(arn);
  if (fields.length < 6 || fields[0] !== 'arn') return undefined;
  let [, , service, region, account, resource] = fields;
  // AWS Backup's recovery points of other services (`arn:${Partition}:${Vendor}:...`): file it under Backup.
  if (service.includes('${')) service = prefix;
  if (account !== '' && account !== '*' && account !== 'aws' && !account.startsWith('${')) {
    // A literal where the account belongs (MediaConnect's `:offering:`): the account field was left out.
    resource = `${account}:${resource}`;
    account = '${Account}';
  }
  return {
    prefix,
    resourceType,
    id: resourceTypeId(prefix, resourceType),
    arn,
    service: service.toLowerCase(),
    region: fieldRule(region),
    account: fieldRule(account),
    resource: new TemplatePart(resource),
  };
}

const indexes = new WeakMap<Catalog, ArnIndex>();

/** The ARN template index of a catalogue, built on first use (a few milliseconds) and kept. */
export function arnIndexOf(catalog: Catalog): ArnIndex {
  let index = indexes.get(catalog);
  if (!index) {
    index = new ArnIndex(catalog);
    indexes.set(catalog, index);
  }
  return index;
}
