import { Catalog } from '../catalog/catalog';
import { PolicyFile } from '../parse/document';
import { PolicyKind } from '../parse/policyKind';
import { Statement } from '../parse/policy';
import { Finding } from './finding';

/** What every policy check reads: the parsed file, its kind and the catalogue. */
export interface PolicyContext {
  readonly file: PolicyFile;
  readonly kind: PolicyKind;
  /** True when the kind was pinned (a setting, or where the policy sits) rather than inferred. */
  readonly kindPinned: boolean;
  readonly catalog: Catalog;
  /** The raised trust policy quota, when the account has one (setting). */
  readonly trustPolicyQuota?: number;
  /** True for a policy written inside another file (CloudFormation, Terraform, a shell script). */
  readonly embedded?: boolean;
  /** True when the policy is part of a document whose other statements are unknown: nothing is concluded from an absence. */
  readonly partial?: boolean;
}

/** Whether no syntax error lies inside the statement (or just after it). */
export function statementParses(statement: Statement, { file }: PolicyContext): boolean {
  const start = statement.node.offset;
  const end = start + statement.node.length;
  return !file.json.errors.some((e) => e.start >= start && e.start <= end);
}

/**
 * One check family. Its findings about a single statement come from `statement`, which may read the
 * statement and, of the rest of the document, only what `statementKey` (checks/statementReuse.ts)
 * records: so a statement whose text did not change keeps its findings from one version to the next.
 * Whatever looks across statements, or at the policy's own elements, is `before` or `after` them.
 */
export interface PolicyCheck {
  /** Findings about the document, listed before the statements'. */
  readonly before?: (context: PolicyContext) => Finding[];
  readonly statement?: (statement: Statement, context: PolicyContext) => Finding[];
  /** Findings across statements, listed after theirs. */
  readonly after?: (context: PolicyContext) => Finding[];
}
