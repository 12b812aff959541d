import { CodeAction, CodeActionKind, Diagnostic, Range } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../../../../../shared/protocol';
import { FixData } from '../../checks/finding';
import { OffsetRange } from '../../parse/range';
import { AuthoringContext } from '../context';
import { Fix, FixRequest, quickFix } from './fix';
import { fixAllAction } from './fixAll';
import { audienceConditionFixes, subjectConditionFixes, tagSessionFixes, versionFixes } from './policyFixes';
import { removalFixes, replacementFixes } from './replacements';
import { moveActionsFixes } from './moveActions';
import { splitStatementFixes } from './splitStatement';
import { admissionFixes } from './trustAdmission';

/** The code kind of the safe fixes applied together on save or by "Fix all". */
export const FIX_ALL_KIND = 'source.fixAll.iam-irsa';

/** Codes whose fix does more than replace text; every other code's fixes are its `replacements`. */
const FIXES: Readonly<Record<string, (request: FixRequest) => Fix[]>> = {
  MISSING_VERSION: versionFixes,
  IRSA_MISSING_SUB: subjectConditionFixes,
  IRSA_MISSING_AUD: audienceConditionFixes,
  PODID_MISSING_TAGSESSION: tagSessionFixes,
  REDUNDANT_ACTION: removalFixes,
  UNSUPPORTED_ACTION_FOR_CONDITION_KEY: (request) => [...replacementFixes(request), ...splitStatementFixes(request)],
  LINK_TRUST_DOES_NOT_ADMIT_SA: admissionFixes,
  RESOURCE_MISMATCH_FOR_ACTION: moveActionsFixes,
};

/**
 * Quick fixes for the diagnostics the editor sends (built from each diagnostic's `data`), and the
 * fix-all action when `only` asks for it, over every diagnostic of the document (`all`): the editor
 * sends only those of the selection.
 */
export function findCodeActions(
  context: AuthoringContext,
  _range: OffsetRange,
  diagnostics: readonly Diagnostic[],
  only?: readonly string[],
  all?: () => readonly Diagnostic[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only, true)) {
    for (const diagnostic of diagnostics) {
      const request = requestFor(context, diagnostic);
      if (request) actions.push(...fixesFor(request).map((fix) => quickFix(request, fix)));
    }
  }
  if (wanted(FIX_ALL_KIND, only, false)) {
    const fixesOf = (diagnostic: Diagnostic) => {
      const request = requestFor(context, diagnostic);
      return request ? fixesFor(request) : [];
    };
    const fixAll = fixAllAction(context, (all?.() ?? diagnostics).filter(isOurs), fixesOf, FIX_ALL_KIND);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** LSP kinds are hierarchical: `source.fixAll` asks for `source.fixAll.iam-irsa` too. */
function wanted(kind: string, only: readonly string[] | undefined, byDefault: boolean): boolean {
  return only === undefined ? byDefault : only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function isOurs(diagnostic: Diagnostic): boolean {
  return diagnostic.source === DIAGNOSTIC_SOURCE && diagnostic.code !== undefined;
}

function requestFor(context: AuthoringContext, diagnostic: Diagnostic): FixRequest | undefined {
  const data = diagnostic.data as FixData | undefined;
  // Sent back by the client: a range that is not one (a buggy client's) gets no fix, not an edit at NaN.
  if (!isOurs(diagnostic) || !data || typeof data !== 'object' || !Range.is(diagnostic.range)) return undefined;
  const range = { start: context.document.offsetAt(diagnostic.range.start), end: context.document.offsetAt(diagnostic.range.end) };
  return range.start <= range.end ? { context, diagnostic, data, range } : undefined;
}

function fixesFor(request: FixRequest): Fix[] {
  try {
    return (FIXES[String(request.diagnostic.code)] ?? replacementFixes)(request);
  } catch {
    // `data` comes back from the editor and may be stale (the text changed since): no fix rather than a failed request.
    return [];
  }
}
