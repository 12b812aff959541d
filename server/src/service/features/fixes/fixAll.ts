import { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { AuthoringContext } from '../context';
import { Fix, OffsetEdit, workspaceEdit } from './fix';

/** Fixes with one right answer that keep what the policy means: canonical action case, quoted annotation values, Version 2012-10-17, canonical CIDR, Null without qualifier or IfExists, StringEquals for a StringLike without wildcard. */
const SAFE_CODES: ReadonlySet<string> = new Set([
  'NON_CANONICAL_ACTION_CASE',
  'K8S_ANNOTATION_NOT_STRING',
  'MISSING_VERSION',
  'IMPROVE_IP_RANGE',
  'NULL_WITH_QUALIFIER',
  'NULL_WITH_IF_EXISTS',
  'IRSA_STRINGLIKE_WITHOUT_WILDCARD',
]);

/**
 * The `source.fixAll.iam-irsa` action: the safe fix of every diagnostic that has exactly one, in
 * this file only; of edits that overlap (two keys of one StringLike block) the first is kept.
 */
export function fixAllAction(
  context: AuthoringContext,
  diagnostics: readonly Diagnostic[],
  fixesOf: (diagnostic: Diagnostic) => Fix[],
  kind: string,
): CodeAction | undefined {
  const chosen: { diagnostic: Diagnostic; edit: OffsetEdit }[] = [];
  for (const diagnostic of diagnostics) {
    if (!SAFE_CODES.has(String(diagnostic.code))) continue;
    const fixes = fixesOf(diagnostic);
    if (fixes.length !== 1 || fixes[0].otherFiles?.length) continue;
    for (const edit of fixes[0].edits) chosen.push({ diagnostic, edit });
  }
  chosen.sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end);
  const edits: OffsetEdit[] = [];
  const fixed = new Set<Diagnostic>();
  for (const { diagnostic, edit } of chosen) {
    const previous = edits[edits.length - 1];
    if (previous && (edit.start < previous.end || (edit.start === previous.start && edit.end === previous.end))) continue;
    edits.push(edit);
    fixed.add(diagnostic);
  }
  if (edits.length === 0) return undefined;
  return { title: `Fix all safe iam-irsa problems (${fixed.size})`, kind, diagnostics: [...fixed], edit: workspaceEdit(context, { edits }) };
}
