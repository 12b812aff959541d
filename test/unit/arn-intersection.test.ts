import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mayNameResourceOf, ResourcePattern, TemplatePart } from '../../server/src/service/catalog/arnMatch';

/**
 * The pattern intersection behind `mayMatch` and `mayNameResourceOf` against a brute-force answer: whether
 * some text of up to seven characters (over `a`, `/` and another character) matches both patterns. The
 * patterns are short enough that a common text, when there is one, is that short.
 */

const ALPHABET = ['a', '/', 'c'];
const TEXTS = (() => {
  const texts = [''];
  for (let start = 0, length = 1; length <= 7; length++) {
    const end = texts.length;
    for (let k = start; k < end; k++) for (const c of ALPHABET) texts.push(texts[k] + c);
    start = end;
  }
  return texts;
})();

/** A policy's resource as a RegExp: `*` and a variable any run, `?` one character, case-insensitive as the codes compare. */
function policyRegExp(pattern: string): RegExp {
  const body = pattern
    .split(/(\$\{[^}]*\}|\*|\?)/)
    .map((part) => (part === '*' || part.startsWith('${') ? '.*' : part === '?' ? '.' : part.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is');
}

/** A template as a RegExp: a variable one character or more (`${BucketName}` of one path segment, when `segments`), `*` any run. */
function templateRegExp(template: string, segments: boolean): RegExp {
  const body = template
    .split(/(\$\{[^}]*\}|\*)/)
    .map((part) =>
      part === '*' ? '.*' : part.startsWith('${') ? (segments && part === '${BucketName}' ? '[^/]+' : '.+') : part.replace(/[.+^${}()|[\]\\/?]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`, 'is');
}

function intersect(a: RegExp, b: RegExp): boolean {
  return TEXTS.some((text) => a.test(text) && b.test(text));
}

/** Every sequence of up to `max` tokens. */
function sequences(tokens: readonly string[], max: number): string[] {
  const all = [''];
  for (let start = 0, length = 1; length <= max; length++) {
    const end = all.length;
    for (let k = start; k < end; k++) for (const token of tokens) all.push(all[k] + token);
    start = end;
  }
  return all;
}

/** A fixed sample of pairs (a Park-Miller walk), the same on every run. */
function* pairs(left: readonly string[], right: readonly string[], count: number): Generator<[string, string]> {
  let seed = 12345;
  const next = (n: number) => {
    seed = (seed * 16807) % 2147483647;
    return seed % n;
  };
  for (let k = 0; k < count; k++) yield [left[next(left.length)], right[next(right.length)]];
}

const POLICY_PATTERNS = sequences(['a', '/', '*', '?', '${v}'], 4);

test('a policy pattern may match a template exactly when some text matches both (variables of one character or more)', () => {
  const templates = sequences(['a', '/', '${Name}', '*'], 3);
  let intersecting = 0;
  for (const [policy, template] of pairs(POLICY_PATTERNS, templates, 3000)) {
    const expected = intersect(policyRegExp(policy), templateRegExp(template, false));
    assert.equal(new ResourcePattern(policy).mayMatch(new TemplatePart(template)), expected, `${policy} against ${template}`);
    if (expected) intersecting++;
  }
  assert.ok(intersecting > 300 && intersecting < 2700, `${intersecting} of the pairs intersect`);
});

test('a policy pattern may name a resource of a template exactly when some text matches both (a bucket name of one path segment)', () => {
  const templates = sequences(['a', '/', '${BucketName}', '${Key}', '*'], 3).filter((t) => t.includes('${BucketName}'));
  let intersecting = 0;
  for (const [policy, template] of pairs(POLICY_PATTERNS, templates, 3000)) {
    const expected = intersect(policyRegExp(policy), templateRegExp(template, true));
    assert.equal(mayNameResourceOf(policy, template), expected, `${policy} against ${template}`);
    if (expected) intersecting++;
  }
  assert.ok(intersecting > 300 && intersecting < 2700, `${intersecting} of the pairs intersect`);
});
