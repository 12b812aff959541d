/**
 * IAM wildcards (`*` any run of characters, `?` exactly one) matched by a scan that remembers only
 * the last `*`: at most pattern × text steps. A RegExp built from the pattern (`.*` per `*`)
 * backtracks exponentially on patterns such as `*?*?*?…!`, which take a few keystrokes to type.
 */
export interface WildcardMatcher {
  test(text: string): boolean;
}

const STAR = 0x2a;
const QUESTION = 0x3f;

/** ASCII letters compare in either case (IAM's names are ASCII); other characters exactly. */
function sameIgnoringCase(a: number, b: number): boolean {
  if (a === b) return true;
  const lower = a | 0x20;
  return lower === (b | 0x20) && lower >= 0x61 && lower <= 0x7a;
}

export function matchesWildcard(pattern: string, text: string, ignoreCase = false): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const c = p < pattern.length ? pattern.charCodeAt(p) : -1;
    if (c === STAR) {
      star = p++;
      resume = t;
    } else if (c >= 0 && (c === QUESTION || (ignoreCase ? sameIgnoringCase(c, text.charCodeAt(t)) : c === text.charCodeAt(t)))) {
      p++;
      t++;
    } else if (star >= 0) {
      // The last `*` takes one more character; what lies before it is settled.
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

/** A pattern ready to test many texts; `ignoreCase` as IAM compares action names. */
export function wildcardMatcher(pattern: string, ignoreCase: boolean): WildcardMatcher {
  return { test: (text) => matchesWildcard(pattern, text, ignoreCase) };
}
