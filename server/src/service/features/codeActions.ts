import { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { OffsetRange } from '../parse/range';
import { AuthoringContext } from './authoring';

/** The code kind of the safe fixes applied together on save or by "Fix all". */
export const FIX_ALL_KIND = 'source.fixAll.iam-irsa';

/**
 * Quick fixes for the diagnostics the editor sends (built from each diagnostic's `data`), and the
 * fix-all action when `only` asks for it.
 */
export function findCodeActions(_context: AuthoringContext, _range: OffsetRange, _diagnostics: readonly Diagnostic[], _only?: readonly string[]): CodeAction[] {
  return [];
}
