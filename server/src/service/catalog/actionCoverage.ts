import { iamWildcard } from './catalog';

/** Distinct patterns kept: policies repeat the same few thousand; odd input must not grow the memo forever. */
const MAX_PATTERNS = 20000;

/**
 * Which of a fixed list of actions (the ones some check watches: `iam:PassRole`, the escalation
 * paths' actions) each action pattern of a policy covers (`iam:Pass*`, `*`), case-insensitive as IAM
 * matches them. Each distinct pattern is matched against the list once and kept, so a check asks a
 * set, not a wildcard, per statement and per watched action.
 */
export class ActionCoverage {
  private readonly byPattern = new Map<string, ReadonlySet<string>>();

  constructor(readonly actions: readonly string[]) {}

  /** The watched actions, as listed, that the pattern covers. */
  of(pattern: string): ReadonlySet<string> {
    let covered = this.byPattern.get(pattern);
    if (!covered) {
      const matcher = iamWildcard(pattern);
      covered = new Set(this.actions.filter((action) => matcher.test(action)));
      if (this.byPattern.size >= MAX_PATTERNS) this.byPattern.clear();
      this.byPattern.set(pattern, covered);
    }
    return covered;
  }

  /** Each watched action some item covers, with the first such item in order: one lookup per item, not per item and action. */
  firstCoverings<T>(items: readonly T[], patternOf: (item: T) => string): ReadonlyMap<string, T> {
    const first = new Map<string, T>();
    for (const item of items) for (const action of this.of(patternOf(item))) if (!first.has(action)) first.set(action, item);
    return first;
  }
}
