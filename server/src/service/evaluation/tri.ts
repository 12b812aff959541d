/**
 * Three-valued answers for a partial request context: `true`, `false`, or the condition keys whose
 * values would decide (never empty). With a complete context only `true` and `false` occur.
 */
export type Tri = boolean | readonly string[];

export function isUnknown(value: Tri): value is readonly string[] {
  return typeof value !== 'boolean';
}

function merge(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a === b) return a;
  const seen = new Set(a.map((k) => k.toLowerCase()));
  const extra = b.filter((k) => !seen.has(k.toLowerCase()));
  return extra.length ? [...a, ...extra] : a;
}

/** False wins, then unknown (keys merged), then true. */
export function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return merge(a, b);
}

/** True wins, then unknown (keys merged), then false. */
export function or(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === false) return b;
  if (b === false) return a;
  return merge(a, b);
}

export function not(a: Tri): Tri {
  return typeof a === 'boolean' ? !a : a;
}

/** OR over items, stopping at the first true. */
export function some<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  let result: Tri = false;
  for (const item of items) {
    result = or(result, test(item));
    if (result === true) return true;
  }
  return result;
}

/** AND over items, stopping at the first false. */
export function every<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  let result: Tri = true;
  for (const item of items) {
    result = and(result, test(item));
    if (result === false) return false;
  }
  return result;
}
