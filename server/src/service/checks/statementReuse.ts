import { Statement } from '../parse/policy';
import { PolicyContext, statementParses } from './context';
import { Finding } from './finding';
import { CURRENT_VERSION, effectiveVersion } from './version';

/** Each family's findings about one statement (one array per family, in the runner's order), and what they were computed under. */
interface Kept {
  readonly index: number;
  /** Where the statement began when the findings were computed, and its length. */
  readonly start: number;
  readonly length: number;
  /** The policy's kind and Version (`sharedKey`), and whether no syntax error lies inside the statement. */
  readonly shared: string;
  readonly parses: boolean;
  readonly findings: readonly (readonly Finding[])[];
  /** The findings reach outside the statement: their places would not move with it, so they are not reused. */
  readonly local: boolean;
  /** No family found anything: nothing to move. */
  readonly none: boolean;
}

/**
 * A statement whose text did not change keeps its findings (shifted to where it now begins), so that
 * a keystroke costs the checks of the statement it touched and those across the document. What a
 * family's `statement` part may read besides the statement must match too: its index, the policy's
 * kind and Version, and whether a syntax error lies inside it. Kept for one policy file, from one
 * version to the next; policies embedded in templates are not kept (their values may come from
 * elsewhere in the file).
 *
 * An unchanged statement is known without reading its text when the parse kept its model
 * (`parse/statementEdit.ts` keeps a `Statement` only while its text is the same); else its text is
 * compared with that of the statement at the same index in the previous version.
 */
export class StatementReuse {
  /** Per statement model: its findings, as computed. Dropped with the model. */
  private byStatement = new WeakMap<Statement, Kept>();
  /** The previous version's text, and by statement index its findings and where the statement began. */
  private previousText = '';
  private previous: readonly { readonly kept: Kept; readonly start: number }[] = [];

  /** Each statement's findings per family: kept ones where the statement and what it was checked under match, else `compute`'s. */
  findings(statements: readonly Statement[], context: PolicyContext, compute: (statement: Statement) => Finding[][]): (readonly (readonly Finding[])[])[] {
    const shared = sharedKey(context);
    const { text } = context.file;
    const next: { kept: Kept; start: number }[] = [];
    const result = statements.map((statement) => {
      const { index } = statement;
      const { offset: start, length } = statement.node;
      const parses = statementParses(statement, context);
      const matches = (kept: Kept | undefined): kept is Kept =>
        kept !== undefined && kept.local && kept.index === index && kept.length === length && kept.shared === shared && kept.parses === parses;
      let kept = this.byStatement.get(statement);
      if (!matches(kept)) {
        const before = this.previous[index];
        kept =
          before && matches(before.kept) && this.previousText.slice(before.start, before.start + length) === text.slice(start, start + length)
            ? before.kept
            : undefined;
        if (!kept) {
          const findings = compute(statement);
          const local = findings.every((family) => family.every((finding) => within(finding, start, start + length)));
          kept = { index, start, length, shared, parses, findings, local, none: findings.every((family) => family.length === 0) };
        }
        this.byStatement.set(statement, kept);
      }
      next[index] = { kept, start };
      const delta = start - kept.start;
      return delta === 0 || kept.none ? kept.findings : kept.findings.map((f) => (f.length ? f.map((finding) => shifted(finding, delta)) : f));
    });
    this.previous = next;
    this.previousText = text;
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
