/** Optimal-string-alignment distance (Levenshtein plus adjacent transposition), case-insensitive. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let cur = new Array<number>(cols).fill(0);
  for (let i = 1; i < rows; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[cols - 1];
}

/**
 * The candidates closest to `word`, best first: an edit distance of at most a third of the word
 * (at least 1, at most 4), or a candidate that differs only by a missing or extra suffix/prefix.
 */
export function suggest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.min(4, Math.max(1, Math.floor(word.length / 3)));
  const scored: { candidate: string; distance: number }[] = [];
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate, limit);
    if (distance <= limit) {
      scored.push({ candidate, distance });
    } else if (lower.length >= 4 && candidate.toLowerCase().startsWith(lower)) {
      // A truncated name ("DescribeInst") is a likely typo too, but ranks after close edits.
      scored.push({ candidate, distance: limit + 1 + (candidate.length - word.length) / 100 });
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
  const all = [...names];
  const lower = word.toLowerCase();
  const slips = all
    .map((name) => ({ name, distance: editDistance(word, name, 1) }))
    .filter((s) => s.distance <= 1)
    .sort((a, b) => a.distance - b.distance || a.name.length - b.name.length || a.name.localeCompare(b.name))
    .map((s) => s.name);
  const completions =
    lower.length >= 4
      ? all
          .filter((name) => name.length > word.length && name.toLowerCase().startsWith(lower))
          .sort((a, b) => wordsIn(a.slice(word.length)) - wordsIn(b.slice(word.length)) || a.localeCompare(b))
      : [];
  // Siblings that each add one word (`From`, `To`): not `InvokeAsync` beside `InvokeFunctionUrl`, nor `DescribeInstances`.
  const family =
    completions.length >= 2 &&
    completions.length <= MAX_WILDCARD_FAMILY &&
    completions.every((name) => /[A-Z0-9]/.test(name[word.length]) && wordsIn(name.slice(word.length)) === 1);
  const ranked = [...slips, ...(family ? [`${completions[0].slice(0, word.length)}*`] : []), ...completions, ...suggest(word, all, max + slips.length)];
  return [...new Set(ranked)].slice(0, max);
}

/**
 * Did-you-mean lists kept per catalogue and typed text: ranking a service's names is the costly part
 * of a keystroke inside a name, so it is paid once per text typed. Bounded: emptied when full.
 */
export class SuggestionMemo {
  private readonly lists = new WeakMap<object, Map<string, readonly string[]>>();

  constructor(private readonly max = 2_000) {}

  get(catalog: object, key: string, rank: () => string[]): string[] {
    let lists = this.lists.get(catalog);
    if (!lists) this.lists.set(catalog, (lists = new Map()));
    let list = lists.get(key);
    if (!list) {
      if (lists.size >= this.max) lists.clear();
      lists.set(key, (list = rank()));
    }
    return [...list];
  }
}
