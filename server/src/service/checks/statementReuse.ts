import { Statement } from '../parse/policy';
import { PolicyContext, statementParses } from './context';
import { Finding } from './finding';
import { CURRENT_VERSION, effectiveVersion } from './version';

/** Each family's findings about one statement (one array per family, in the runner's order), with where the statement began. */
interface Kept {
  readonly start: number;
  readonly findings: readonly (readonly Finding[])[];
  /** The findings reach outside the statement: their places would not move with it, so they are not reused. */
  readonly local: boolean;
}

/**
 * A statement whose text did not change keeps its findings (shifted to where it now begins), so that
 * a keystroke costs the checks of the statement it touched and those across the document. The key
 * holds everything a family's `statement` part may read besides the statement: its index, the
 * policy's kind and Version, and whether a syntax error lies inside it. Kept for one policy file,
 * from one version to the next; policies embedded in templates are not kept (their values may come
 * from elsewhere in the file).
 */
export class StatementReuse {
  private kept = new Map<string, Kept>();

  /** Each statement's findings per family: kept ones where the key matches, else `compute`'s. */
  findings(statements: readonly Statement[], context: PolicyContext, compute: (statement: Statement) => Finding[][]): (readonly (readonly Finding[])[])[] {
    const next = new Map<string, Kept>();
    const shared = sharedKey(context);
    const { text } = context.file;
    const result = statements.map((statement) => {
      const start = statement.node.offset;
      const end = start + statement.node.length;
      const key = `${statement.index}\u0000${shared}\u0000${statementParses(statement, context) ? 1 : 0}\u0000${text.slice(start, end)}`;
      const old = this.kept.get(key);
      if (old?.local) {
        const delta = start - old.start;
        const kept = delta === 0 ? old : { ...old, start, findings: old.findings.map((f) => (f.length ? f.map((finding) => shifted(finding, delta)) : f)) };
        next.set(key, kept);
        return kept.findings;
      }
      const findings = compute(statement);
      next.set(key, { start, findings, local: findings.every((family) => family.every((finding) => within(finding, start, end))) });
      return findings;
    });
    this.kept = next;
    return result;
  }
}

function sharedKey(context: PolicyContext): string {
  const version = context.file.policy.element.Version ? effectiveVersion(context) : 'none';
  return `${context.kind}\u0000${version === CURRENT_VERSION ? 'current' : version}`;
}

/** Every offset range in `value` (the finding, its fix data, its related places) moved by `delta`. */
function shifted<T>(value: T, delta: number): T {
  if (Array.isArray(value)) return value.map((item: unknown) => shifted(item, delta)) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = shifted(item, delta);
  if (typeof copy.start === 'number' && typeof copy.end === 'number') {
    copy.start += delta;
    copy.end += delta;
  }
  return copy as T;
}

/** Whether every offset range in `value` lies inside [start, end]. */
function within(value: unknown, start: number, end: number): boolean {
  if (Array.isArray(value)) return value.every((item) => within(item, start, end));
  if (value === null || typeof value !== 'object') return true;
  const range = value as Record<string, unknown>;
  if (typeof range.start === 'number' && typeof range.end === 'number' && (range.start < start || range.end > end)) return false;
  return Object.values(range).every((item) => within(item, start, end));
}
