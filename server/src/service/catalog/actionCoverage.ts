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
  /** The watched actions of each service prefix (lower case), as listed. */
  private readonly byService = new Map<string, string[]>();

  constructor(readonly actions: readonly string[]) {
    for (const action of actions) {
      const service = action.slice(0, action.indexOf(':')).toLowerCase();
      const list = this.byService.get(service);
      if (list) list.push(action);
      else this.byService.set(service, [action]);
    }
  }

  /** The watched actions, as listed, that the pattern covers. */
  of(pattern: string): ReadonlySet<string> {
    let covered = this.byPattern.get(pattern);
    if (!covered) {
      const matcher = iamWildcard(pattern);
      covered = new Set(this.candidates(pattern).filter((action) => matcher.test(action)));
      if (this.byPattern.size >= MAX_PATTERNS) this.byPattern.clear();
      this.byPattern.set(pattern, covered);
    }
    return covered;
  }

  /**
   * The watched actions a pattern may cover, in list order: with a service prefix free of wildcards, only
   * those of that service (its letters match only the same letters, in either case), else all. Most of a
   * policy's patterns name another service: matching each against every watched action was 1% of `lint`.
   */
  private candidates(pattern: string): readonly string[] {
    const colon = pattern.indexOf(':');
    if (colon < 0) return this.actions;
    const service = pattern.slice(0, colon);
    return /[*?]/.test(service) ? this.actions : (this.byService.get(service.toLowerCase()) ?? []);
  }

  /** Each watched action some item covers, with the first such item in order: one lookup per item, not per item and action. */
  firstCoverings<T>(items: readonly T[], patternOf: (item: T) => string): ReadonlyMap<string, T> {
    const first = new Map<string, T>();
    for (const item of items) for (const action of this.of(patternOf(item))) if (!first.has(action)) first.set(action, item);
    return first;
  }
}
