/** Rows of the distance table, reused by every call (the typing path ranks hundreds of names per keystroke). */
let rowBuffers = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal-string-alignment distance (Levenshtein plus adjacent transposition), case-insensitive. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  return lowerDistance(a.toLowerCase(), b.toLowerCase(), limit);
}

/** `editDistance` of texts already in lower case. */
function lowerDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // What both begin and end with costs nothing: names of one service share long stems (`Describe`).
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  // The rest, [start, endA) of a and [start, endB) of b: only the cells within `limit` of the diagonal
  // are computed (any other is over the limit), and the table stops at a row all over it.
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) return Math.min(n + m, limit + 1);
  // No distance exceeds n + m: a wider limit (Infinity) changes nothing, and the table holds small integers.
  limit = Math.min(limit, n + m);
  const over = limit + 1;
  if (rowBuffers[0].length < m + 2) rowBuffers = [new Int32Array(m * 2 + 2), new Int32Array(m * 2 + 2), new Int32Array(m * 2 + 2)];
  let [prevPrev, prev, cur] = rowBuffers;
  for (let j = 0; j <= m; j++) prev[j] = j;
  prev[m + 1] = over;
  for (let i = 1; i <= n; i++) {
    const ai = a.charCodeAt(start + i - 1);
    const aBefore = i > 1 ? a.charCodeAt(start + i - 2) : -1;
    const low = Math.max(1, i - limit);
    const high = Math.min(m, i + limit);
    cur[low - 1] = low === 1 ? i : over;
    let rowMin = cur[low - 1];
    for (let j = low; j <= high; j++) {
      const bj = b.charCodeAt(start + j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (j > 1 && aBefore === bj && ai === b.charCodeAt(start + j - 2)) d = Math.min(d, prevPrev[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (high < m) cur[high + 1] = over;
    if (rowMin > limit) return over;
    const recycled = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = recycled;
  }
  return prev[m];
}

/**
 * The candidates closest to `word`, best first: an edit distance of at most a third of the word
 * (at least 1, at most 4), or a candidate that differs only by a missing or extra suffix/prefix.
 */
export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const names = [...candidates];
  const lowerNames = names.map((name) => name.toLowerCase());
  return closest(word, names, lowerNames, distancesTo(word, lowerNames), max);
}

/** How far (edits) a suggestion may be from what was typed: a third of it, at least 1, at most 4. */
function suggestionLimit(word: string): number {
  return Math.min(4, Math.max(1, Math.floor(word.length / 3)));
}

/** The distance of `word` to each lower-case name, exact up to `suggestionLimit(word)`, over it beyond. */
function distancesTo(word: string, lowerNames: readonly string[]): Int32Array {
  const lower = word.toLowerCase();
  const limit = suggestionLimit(word);
  const distances = new Int32Array(lowerNames.length);
  for (let i = 0; i < lowerNames.length; i++) distances[i] = lowerDistance(lower, lowerNames[i], limit);
  return distances;
}

/** `suggest`'s ranking, given each name's lower case and distance (`distancesTo`). */
function closest(word: string, names: readonly string[], lowerNames: readonly string[], distances: Int32Array, max: number): string[] {
  const limit = suggestionLimit(word);
  const lower = word.toLowerCase();
  const scored: { candidate: string; distance: number }[] = [];
  for (let i = 0; i < names.length; i++) {
    if (distances[i] <= limit) {
      scored.push({ candidate: names[i], distance: distances[i] });
    } else if (lower.length >= 4 && lowerNames[i].startsWith(lower)) {
      // A truncated name ("DescribeInst") is a likely typo too, but ranks after close edits.
      scored.push({ candidate: names[i], distance: limit + 1 + (names[i].length - word.length) / 100 });
    }
  }
  scored.sort((x, y) => x.distance - y.distance || x.candidate.length - y.candidate.length || x.candidate.localeCompare(y.candidate));
  return scored.slice(0, max).map((s) => s.candidate);
}

/** A family offered as one wildcard (`ReEncrypt*`) has at most this many members. */
const MAX_WILDCARD_FAMILY = 3;

/** How many CamelCase words a tail of an action name adds: `From` 1, `ObjectAcl` 2, `s` 0. */
function wordsIn(tail: string): number {
  return (tail.match(/[A-Z0-9][a-z]*/g) ?? []).length;
}

/**
 * Did-you-mean for an action name, by the structure of action names (CamelCase words): a slip of one
 * edit first (`GetObjct` → `GetObject`, `DescribeInstance` → `DescribeInstances`); then the actions
 * that start with what was typed, fewest added words first. When what was typed is a whole word of
 * two or three actions that each add one word (`ReEncrypt` → `ReEncryptFrom`, `ReEncryptTo`), the wildcard
 * naming that family (`ReEncrypt*`) comes first among them. Other near names (`Encrypt`) come last.
 */
export function suggestActionNames(word: string, names: Iterable<string>, max = 3): string[] {
  const all: readonly string[] = Array.isArray(names) ? names : [...names];
  const lowerNames = lowerCaseOf(all);
  const lower = word.toLowerCase();
  // One distance per name, exact up to the wider of the two limits below (a slip: 1; a near name: suggest's).
  const distances = distancesTo(word, lowerNames);
  const slipIndices: number[] = [];
  for (let i = 0; i < all.length; i++) if (distances[i] <= 1) slipIndices.push(i);
  const slips = slipIndices.sort((a, b) => distances[a] - distances[b] || all[a].length - all[b].length || all[a].localeCompare(all[b])).map((i) => all[i]);
  const completions =
    lower.length >= 4
      ? all
          .filter((name, i) => name.length > word.length && lowerNames[i].startsWith(lower))
          .sort((a, b) => wordsIn(a.slice(word.length)) - wordsIn(b.slice(word.length)) || a.localeCompare(b))
      : [];
  // Siblings that each add one word (`From`, `To`): not `InvokeAsync` beside `InvokeFunctionUrl`, nor `DescribeInstances`.
  const family =
    completions.length >= 2 &&
    completions.length <= MAX_WILDCARD_FAMILY &&
    completions.every((name) => /[A-Z0-9]/.test(name[word.length]) && wordsIn(name.slice(word.length)) === 1);
  const near = closest(word, all, lowerNames, distances, max + slips.length);
  const ranked = [...slips, ...(family ? [`${completions[0].slice(0, word.length)}*`] : []), ...completions, ...near];
  return [...new Set(ranked)].slice(0, max);
}

/** Each name in lower case, kept while the same list of names is asked about again (a service's actions). */
const lowerCaseNames = new WeakMap<readonly string[], readonly string[]>();

function lowerCaseOf(names: readonly string[]): readonly string[] {
  let lower = lowerCaseNames.get(names);
  if (!lower) lowerCaseNames.set(names, (lower = names.map((name) => name.toLowerCase())));
  return lower;
}

/**
 * Answers kept per catalogue and key (a typed text): ranking a service's names is the costly part of a
 * keystroke inside a name, so it is paid once per text typed. Bounded: emptied when full. A kept list is
 * handed out as it is: callers do not change it.
 */
export class CatalogMemo<T> {
  private readonly answers = new WeakMap<object, Map<string, T>>();

  constructor(private readonly max = 2_000) {}

  get(catalog: object, key: string, compute: () => T): T {
    let answers = this.answers.get(catalog);
    if (!answers) this.answers.set(catalog, (answers = new Map()));
    let answer = answers.get(key);
    if (answer === undefined) {
      if (answers.size >= this.max) answers.clear();
      answers.set(key, (answer = compute()));
    }
    return answer;
  }
}
